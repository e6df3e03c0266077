package org.adherence.rules.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How the topics this service declares are created: the same keys and values in every service ({@code adherence.kafka.*}). */
@Validated
@ConfigurationProperties(prefix = "adherence.kafka")
public record KafkaTopicProperties(@DefaultValue("3") @Min(1) int partitions,
                                   @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) short replicationFactor) {
}
