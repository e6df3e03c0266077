package org.adherence.rules.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.StreamsConfig;

/**
 * Where the exception handlers Kafka Streams makes from class names find the service's meters: registered under the
 * application id, which every handler's configuration carries, when the service (or a test) builds its topology.
 */
final class StreamFailures {

    private static final Map<String, RulesMetrics> METRICS = new ConcurrentHashMap<>();

    private StreamFailures() {
    }

    static void register(String applicationId, RulesMetrics metrics) {
        METRICS.put(applicationId, metrics);
    }

    /** The meters of the application a handler is configured for; null if none registered. */
    static RulesMetrics metrics(Map<String, ?> configs) {
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        return applicationId == null ? null : METRICS.get(applicationId.toString());
    }
}
