package org.adherence.intake.publish;

import org.adherence.contracts.Topics;
import org.adherence.intake.config.IntakeProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics intake writes, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    @Bean
    KafkaAdmin.NewTopics intakeTopics(IntakeProperties properties) {
        return new KafkaAdmin.NewTopics(
                topic(Topics.PATIENT_PROFILES.name(), properties)
                        // only the latest profile per patient matters
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .build(),
                topic(Topics.DOSE_EVENTS.name(), properties).build(),
                topic(Topics.SYMPTOM_EVENTS.name(), properties).build());
    }

    private static TopicBuilder topic(String name, IntakeProperties properties) {
        return TopicBuilder.name(name)
                .partitions(properties.partitions())
                .replicas(properties.replicationFactor())
                // a write is durable only once every replica has it (acks=all); with one replica that is the one
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        String.valueOf(Math.min(2, properties.replicationFactor())));
    }

    private TopicsConfig() {
    }
}
