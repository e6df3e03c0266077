package org.adherence.support.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** {@link KafkaTopicProperties} in every service that has this module. */
@AutoConfiguration
@EnableConfigurationProperties(KafkaTopicProperties.class)
public class KafkaTopicsAutoConfiguration {
}
