package org.adherence.contracts;

import java.util.HashMap;
import java.util.Map;

import org.adherence.contracts.json.JsonSerde;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A Kafka topic with the type of its values. Keys are always the patient id (a UTF-8 string), so that one
 * patient's events stay in order on one partition.
 *
 * @param compacted only the latest value per key matters (profiles, ledgers)
 */
public record Topic<V>(String name, Class<V> valueType, boolean compacted) {

    public JsonSerde<V> valueSerde() {
        return new JsonSerde<>(valueType);
    }

    /**
     * The topic as a service declares it at start-up. Every topic of the platform has the same partition count,
     * so that a patient's events, profile and state live on the same partition number everywhere.
     */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        Map<String, String> config = new HashMap<>();
        if (compacted) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        // acks=all waits for the in-sync replicas; where there are two or more replicas, insist on two of them
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, replicationFactor)));
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }
}
