package org.adherence.notification.kafka;

import org.adherence.contracts.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service reads but others write, declared here as well: whichever service starts first on an
 * empty cluster creates them as the registry says, with the partition count every service expects.
 */
@Configuration(proxyBeanMethods = false)
class ConsumedTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics consumedTopics(KafkaTopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                Topics.ALERTS.newTopic(topics.partitions(), topics.replicationFactor()),
                Topics.PATIENT_PROFILES.newTopic(topics.partitions(), topics.replicationFactor()));
    }
}
