package org.adherence.testsupport;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Real Kafka brokers (KRaft) for tests: Testcontainers' Apache Kafka image when a Docker engine is present,
 * spring-kafka-test's in-JVM KRaft broker otherwise. Both are real brokers with transactions, so exactly-once
 * Kafka Streams and {@code acks=all} producers behave as in production; like a production broker, neither
 * creates a topic because a client asked for one that does not exist.
 */
public final class KafkaTestBroker implements AutoCloseable {

    /** The image the Docker path runs; the same version as the kafka-clients the services use. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private static final Logger log = LoggerFactory.getLogger(KafkaTestBroker.class);

    private static KafkaTestBroker shared;

    private final String bootstrapServers;

    private final Runnable stop;

    private KafkaTestBroker(String bootstrapServers, Runnable stop) {
        this.bootstrapServers = bootstrapServers;
        this.stop = stop;
    }

    /** The broker this test JVM shares, started on first use; it lives until the JVM exits. */
    public static synchronized String bootstrapServers() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-test-broker-stop"));
        }
        return shared.bootstrapServers;
    }

    /** A broker of its own, empty, for a test that must see what happens on a new cluster. Close it. */
    public static KafkaTestBroker startFresh() {
        return start();
    }

    public String servers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        stop.run();
    }

    private static KafkaTestBroker start() {
        return dockerAvailable() ? startContainer() : startInJvm();
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("adherence.test.no-docker")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static KafkaTestBroker startContainer() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        kafka.start();
        log.info("Kafka broker for tests: Testcontainers {} at {}", KAFKA_IMAGE, kafka.getBootstrapServers());
        return new KafkaTestBroker(kafka.getBootstrapServers(), kafka::stop);
    }

    private static KafkaTestBroker startInJvm() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperties(Map.of(
                // as in production: topics are declared by the services, never created by a stray client
                "auto.create.topics.enable", "false",
                // a single broker must hold the transaction log itself, for exactly-once streams
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        log.info("Kafka broker for tests: in-JVM KRaft broker at {}", broker.getBrokersAsString());
        return new KafkaTestBroker(broker.getBrokersAsString(), broker::destroy);
    }
}
