package org.adherence.intake.publish;

import java.util.List;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.adherence.support.kafka.ReplicationCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics intake writes, created at start-up when missing; the service refuses to run on them when they are
 * weaker than {@code adherence.kafka.*} says.
 */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    private static final List<Topic<?>> WRITTEN =
            List.of(Topics.PATIENT_PROFILES, Topics.DOSE_EVENTS, Topics.SYMPTOM_EVENTS);

    @Bean
    KafkaAdmin.NewTopics intakeTopics(KafkaTopicProperties properties) {
        return new KafkaAdmin.NewTopics(WRITTEN.stream().map(properties::declare)
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    ReplicationCheck replicationCheck(KafkaAdmin admin, KafkaTopicProperties properties) {
        return new ReplicationCheck(admin.getConfigurationProperties(), properties,
                WRITTEN.stream().map(Topic::name).toList(), List.of());
    }
}
