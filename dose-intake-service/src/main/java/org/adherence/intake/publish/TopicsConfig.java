package org.adherence.intake.publish;

import org.adherence.contracts.Topics;
import org.adherence.intake.config.KafkaTopicProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics intake writes, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    @Bean
    KafkaAdmin.NewTopics intakeTopics(KafkaTopicProperties properties) {
        return new KafkaAdmin.NewTopics(
                Topics.PATIENT_PROFILES.newTopic(properties.partitions(), properties.replicationFactor()),
                Topics.DOSE_EVENTS.newTopic(properties.partitions(), properties.replicationFactor()),
                Topics.SYMPTOM_EVENTS.newTopic(properties.partitions(), properties.replicationFactor()));
    }
}
