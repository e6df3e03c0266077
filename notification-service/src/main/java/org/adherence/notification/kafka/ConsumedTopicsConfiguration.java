package org.adherence.notification.kafka;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.adherence.support.kafka.ReplicationCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service reads but others write, declared here as well: whichever service starts first on an
 * empty cluster creates them as the registry says, with the partition count every service expects. The service
 * refuses to run on any topic it uses that is weaker than {@code adherence.kafka.*} says.
 */
@Configuration(proxyBeanMethods = false)
class ConsumedTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics consumedTopics(KafkaTopicProperties topics) {
        return new KafkaAdmin.NewTopics(topics.declare(Topics.ALERTS), topics.declare(Topics.PATIENT_PROFILES));
    }

    @Bean
    ReplicationCheck replicationCheck(KafkaAdmin admin, KafkaTopicProperties topics) {
        return new ReplicationCheck(admin.getConfigurationProperties(), topics,
                Topics.ALL.stream().map(Topic::name).toList(), java.util.List.of());
    }
}
