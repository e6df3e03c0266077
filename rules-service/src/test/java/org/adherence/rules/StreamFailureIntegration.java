package org.adherence.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/** What the real-broker failure tests share: patients on one partition, events sent, alerts read. */
final class StreamFailureIntegration {

    private StreamFailureIntegration() {
    }

    /** A patient id of the given prefix whose records go to the same partition as {@code other}'s. */
    static String onThePartitionOf(String other, String prefix) {
        int partitions = 3;
        int wanted = partition(other, partitions);
        while (true) {
            String candidate = prefix + UUID.randomUUID();
            if (partition(candidate, partitions) == wanted) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ContractJsonSerializer());
    }

    static void send(KafkaProducer<String, Object> producer, String topic, String patientId, Object value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, patientId, value)).get();
    }

    static DoseTaken dose(String patientId, String mg) {
        return DoseTaken.of(UUID.randomUUID().toString(), patientId, "baclofen", new BigDecimal(mg),
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0), Instant.now());
    }

    /** The patient's committed alerts, once at least {@code expected} are there (or the time is up). */
    static List<AlertRaised> alerts(String patientId, int expected, Duration within) {
        return TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(), patientId,
                found -> found.size() >= expected, within).stream()
                .map(r -> ContractJson.mapper().readValue(r.value(), AlertRaised.class)).toList();
    }
}
