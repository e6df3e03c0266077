package org.adherence.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/**
 * One real Kafka broker (KRaft) per test JVM: Testcontainers' Apache Kafka image when a Docker engine is present,
 * spring-kafka-test's in-JVM KRaft broker otherwise. Both are real brokers with transactions, so exactly-once
 * Kafka Streams and {@code acks=all} producers behave as in production.
 */
public final class KafkaTestBroker {

    /** The image the Docker path runs; the same major version as the kafka-clients the services use. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private static final Logger log = LoggerFactory.getLogger(KafkaTestBroker.class);

    private static volatile String bootstrapServers;

    private KafkaTestBroker() {
    }

    /** Starts the broker on first use; it lives until the JVM exits. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = dockerAvailable() ? startContainer() : startInJvm();
        }
        return bootstrapServers;
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

    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
        log.info("Kafka broker for tests: Testcontainers {} at {}", KAFKA_IMAGE, kafka.getBootstrapServers());
        return kafka.getBootstrapServers();
    }

    private static String startInJvm() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        // a single broker must hold the transaction log itself, for exactly-once streams
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-in-jvm-stop"));
        log.info("Kafka broker for tests: in-JVM KRaft broker at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
