package org.adherence.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.adherence.testsupport.process.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster in KRaft mode, each node (broker and controller in one) its own process started from
 * Apache Kafka's jars ({@code local-stack/target/kafka/libs}, the version the services use), with its data in a
 * directory of its own that survives a {@code kill -9} and a restart. One node for the single-broker faults; three
 * (replication factor 3, {@code min.insync.replicas} 2, a quorum of three controllers) to lose one under load.
 * <p>
 * Everything else is Kafka's default, {@code broker.session.timeout.ms} (9 s, how long the controllers wait before
 * they fence a node that stopped answering and move its leaderships) included: the services' timeouts must ride out
 * what a real cluster does.
 */
final class KafkaCluster implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;

    private final List<KafkaNode> nodes = new ArrayList<>();

    private KafkaCluster(Path dir, int size) {
        this.dir = dir;
        String clusterId = Uuid.randomUuid().toString();
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[] {ServiceProcess.freePort(), ServiceProcess.freePort()});
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@localhost:" + ports.get(i)[1]).collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            nodes.add(new KafkaNode(i + 1, dir.resolve("kafka-" + (i + 1)), ports.get(i)[0], ports.get(i)[1], voters,
                    size, clusterId));
        }
    }

    /** Starts {@code size} nodes and waits until every one of them is a live broker of the cluster. */
    static KafkaCluster start(Path dir, int size) throws Exception {
        KafkaCluster cluster = new KafkaCluster(dir, size);
        cluster.nodes.forEach(KafkaNode::format);
        cluster.nodes.forEach(KafkaNode::launch);
        cluster.awaitBrokers(cluster.nodeIds(), START);
        return cluster;
    }

    int size() {
        return nodes.size();
    }

    /** Every node's client address, comma-separated, as the services' {@code KAFKA_BOOTSTRAP_SERVERS}. */
    String bootstrapServers() {
        return nodes.stream().map(n -> "localhost:" + n.port).collect(Collectors.joining(","));
    }

    KafkaNode node(int id) {
        return nodes.get(id - 1);
    }

    private Set<Integer> nodeIds() {
        return nodes.stream().map(n -> n.id).collect(Collectors.toSet());
    }

    /** Waits until the nodes with these ids are live (unfenced) brokers, as the cluster itself says. */
    void awaitBrokers(Set<Integer> ids, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Set<Integer> live = Set.of();
        while (Instant.now().isBefore(deadline)) {
            for (KafkaNode node : nodes) {
                if (ids.contains(node.id) && !node.isAlive()) {
                    throw new IllegalStateException("Kafka node " + node.id + " exited\n" + node.logTail());
                }
            }
            live = liveBrokers();
            if (live.containsAll(ids)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Kafka nodes " + ids + " not live within " + timeout + " (live: " + live
                + ")\n" + nodes.get(0).logTail());
    }

    /** The node ids of the live brokers; empty when none answers. */
    Set<Integer> liveBrokers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
                    .get(4, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
        }
        catch (ExecutionException | TimeoutException e) {
            return Set.of();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        nodes.forEach(KafkaNode::stop);
    }

    /** One node: broker and KRaft controller in one process. */
    static final class KafkaNode {

        private final int id;

        private final Path dir;

        private final int port;

        private final Path properties;

        private final String clusterId;

        private Process process;

        private KafkaNode(int id, Path dir, int port, int controllerPort, String voters, int clusterSize,
                          String clusterId) {
            this.id = id;
            this.dir = dir;
            this.port = port;
            this.clusterId = clusterId;
            this.properties = dir.resolve("server.properties");
            int replicas = clusterSize;
            int minIsr = Math.min(2, clusterSize);
            String config = String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + id,
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "controller.listener.names=CONTROLLER",
                    "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                    // as in production: topics are declared by the services, never created by a stray client
                    "auto.create.topics.enable=false",
                    "num.partitions=3",
                    "default.replication.factor=" + replicas,
                    "min.insync.replicas=" + minIsr,
                    "offsets.topic.replication.factor=" + replicas,
                    "transaction.state.log.replication.factor=" + replicas,
                    "transaction.state.log.min.isr=" + minIsr,
                    "share.coordinator.state.topic.replication.factor=" + replicas,
                    "share.coordinator.state.topic.min.isr=" + minIsr,
                    "group.initial.rebalance.delay.ms=0",
                    "");
            try {
                Files.createDirectories(dir.resolve("logs"));
                Files.writeString(properties, config);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int id() {
            return id;
        }

        String address() {
            return "localhost:" + port;
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        private void format() {
            List<String> command = java("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId,
                    "-c", properties.toString());
            try {
                Process format = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("logs/storage-format.out").toFile()).start();
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new IllegalStateException("Formatting Kafka node " + id + " failed: "
                            + Files.readString(dir.resolve("logs/storage-format.out")));
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void launch() {
            List<String> command = java("kafka.Kafka", properties.toString());
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/kafka.out").toFile()))
                        .start();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot start Kafka node " + id, e);
            }
        }

        private List<String> java(String mainClass, String... arguments) {
            String libs = System.getProperty("fault.kafka.libs");
            String log4j = System.getProperty("fault.kafka.log4j2");
            if (libs == null || !Files.isDirectory(Path.of(libs))) {
                throw new IllegalStateException("No Kafka jars at fault.kafka.libs = " + libs
                        + "; run the tests through Maven, which builds local-stack first");
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-Dkafka.logs.dir=" + dir.resolve("logs").toAbsolutePath(),
                    "-cp", Path.of(libs).toAbsolutePath() + "/*", mainClass));
            command.addAll(List.of(arguments));
            return command;
        }

        /** {@code kill -9}: no controlled shutdown, no flush; its data stays on disk as the crash left it. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka node " + id + " survived SIGKILL for 30 s");
            }
        }

        /** Starts the node again on its data (after {@link #kill}). */
        void restart() {
            if (isAlive()) {
                throw new IllegalStateException("Kafka node " + id + " is still running");
            }
            launch();
        }

        private void stop() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String logTail() {
            Path log = dir.resolve("logs/server.log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log)
                        : Files.readAllLines(dir.resolve("logs/kafka.out"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
            catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
