package org.adherence.support.kafka;

import java.util.HashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.adherence.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the platform's topics are made, the same keys and values in every service ({@code adherence.kafka.*}): the
 * topics a service declares at start are created so, and {@link ReplicationCheck} refuses to run on topics that are
 * weaker. Every topic has the same partition count, so that a patient's events, profile and state live on the same
 * partition number everywhere.
 *
 * @param partitions        partitions of every topic a service creates
 * @param replicationFactor replicas of every topic, the services' internal ones (Kafka Streams' changelogs) included
 * @param minInsyncReplicas the replicas that must hold a record before {@code acks=all} acknowledges it; at most the
 *                          replication factor, and at least 2 from 2 replicas on (one would let a write that a single
 *                          replica holds count as durable)
 */
@Validated
@ConfigurationProperties(prefix = "adherence.kafka")
public record KafkaTopicProperties(@DefaultValue("3") @Min(1) int partitions,
                                   @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) short replicationFactor,
                                   @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) short minInsyncReplicas) {

    public KafkaTopicProperties {
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("adherence.kafka.min-insync-replicas (" + minInsyncReplicas
                    + ") is more than adherence.kafka.replication-factor (" + replicationFactor + "): every write "
                    + "with acks=all would be refused");
        }
        if (replicationFactor >= 2 && minInsyncReplicas < 2) {
            throw new IllegalArgumentException("adherence.kafka.replication-factor is " + replicationFactor
                    + " but adherence.kafka.min-insync-replicas is " + minInsyncReplicas + ": acks=all would count a "
                    + "record that one replica holds as durable; set adherence.kafka.min-insync-replicas to 2");
        }
    }

    /** The topic as a service declares it at start. */
    public NewTopic declare(Topic<?> topic) {
        return declare(topic.name(), topic.compacted());
    }

    /** A topic of this service's own (a dead-letter topic, say) as it declares it at start. */
    public NewTopic declare(String name, boolean compacted) {
        Map<String, String> config = new HashMap<>();
        if (compacted) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas));
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }
}
