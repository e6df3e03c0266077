package org.adherence.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;

/**
 * Refuses to run on topics weaker than configured: before the service's Kafka clients start, every topic it uses
 * (those it names, and those of its own internal prefix, such as Kafka Streams' changelogs) that exists must have at
 * least {@code adherence.kafka.replication-factor} replicas in every partition and a {@code min.insync.replicas} of at
 * least {@code adherence.kafka.min-insync-replicas}. A topic made by hand or by an older configuration with fewer
 * would silently hold patients' events on fewer copies than the operator asked for.
 * <p>
 * Runs first among the lifecycle beans (after the admin has declared the topics, before the streams and listeners
 * start), and a weak topic fails the start. A cluster that cannot be reached yet is checked again every
 * {@link #RECHECK} until it can; a weak topic found then stops the service.
 */
public final class ReplicationCheck implements SmartLifecycle, ApplicationContextAware {

    static final Duration RECHECK = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ReplicationCheck.class);

    private final Map<String, Object> adminConfig;

    private final KafkaTopicProperties expected;

    private final Set<String> topics;

    private final List<String> internalPrefixes;

    private final Set<String> coPartitioned;

    private ApplicationContext context;

    private ScheduledExecutorService rechecks;

    private volatile boolean running;

    /**
     * @param adminConfig      the service's admin client settings ({@code KafkaAdmin.getConfigurationProperties()})
     * @param topics           the topics the service reads or writes
     * @param internalPrefixes prefixes of topics the service's clients create themselves (a Kafka Streams
     *                         application id followed by {@code -})
     */
    public ReplicationCheck(Map<String, Object> adminConfig, KafkaTopicProperties expected, Collection<String> topics,
                            Collection<String> internalPrefixes) {
        this(adminConfig, expected, topics, internalPrefixes, List.of());
    }

    /**
     * @param coPartitioned topics that must have the same partition count (the inputs of one Kafka Streams
     *                      sub-topology that meet per key): a difference is refused as well
     */
    public ReplicationCheck(Map<String, Object> adminConfig, KafkaTopicProperties expected, Collection<String> topics,
                            Collection<String> internalPrefixes, Collection<String> coPartitioned) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.expected = expected;
        this.topics = Set.copyOf(topics);
        this.internalPrefixes = List.copyOf(internalPrefixes);
        this.coPartitioned = Set.copyOf(coPartitioned);
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        try {
            refuseWeakTopics(check());
        }
        catch (ClusterUnreachableException e) {
            log.warn("Could not check the topics' replication ({}); checking again every {} s until the cluster "
                    + "answers", e.getMessage(), RECHECK.toSeconds());
            rechecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "replication-check");
                thread.setDaemon(true);
                return thread;
            });
            rechecks.scheduleWithFixedDelay(this::recheck, RECHECK.toMillis(), RECHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void recheck() {
        List<String> weak;
        try {
            weak = check();
        }
        catch (ClusterUnreachableException e) {
            log.debug("Cluster still unreachable for the replication check: {}", e.getMessage());
            return;
        }
        rechecks.shutdown();
        if (weak.isEmpty()) {
            log.info("Replication checked now that the cluster answers: {}", expectation());
            return;
        }
        log.error(refusal(weak) + " Stopping.");
        int code = SpringApplication.exit(context, () -> 2);
        System.exit(code);
    }

    private void refuseWeakTopics(List<String> weak) {
        if (!weak.isEmpty()) {
            throw new IllegalStateException(refusal(weak));
        }
        log.info("Replication checked: {}", expectation());
    }

    private String expectation() {
        return "every topic used has at least " + expected.replicationFactor() + " replicas and min.insync.replicas "
                + expected.minInsyncReplicas();
    }

    private String refusal(List<String> weak) {
        return "Refusing to run on topics weaker than configured (adherence.kafka.replication-factor="
                + expected.replicationFactor() + ", adherence.kafka.min-insync-replicas="
                + expected.minInsyncReplicas() + "): " + String.join("; ", weak)
                + ". Raise their replication (kafka-reassign-partitions, kafka-configs) or the settings' values.";
    }

    /** What is weaker than expected, one phrase a topic; empty when all is well. */
    List<String> check() throws ClusterUnreachableException {
        Map<String, Object> config = new java.util.HashMap<>(adminConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> used = new TreeSet<>();
            for (String name : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
                if (topics.contains(name) || internalPrefixes.stream().anyMatch(name::startsWith)) {
                    used.add(name);
                }
            }
            if (used.isEmpty()) {
                return List.of();
            }
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(used).allTopicNames().get(15, TimeUnit.SECONDS);
            List<ConfigResource> resources = used.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
            List<String> weak = new ArrayList<>();
            for (String name : used) {
                int fewest = descriptions.get(name).partitions().stream()
                        .mapToInt(partition -> replicas(partition)).min().orElse(0);
                if (fewest < expected.replicationFactor()) {
                    weak.add(name + " has " + fewest + " replica(s)");
                }
                ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                int actual = minIsr == null || minIsr.value() == null ? 1 : Integer.parseInt(minIsr.value());
                if (actual < expected.minInsyncReplicas()) {
                    weak.add(name + " has min.insync.replicas " + actual);
                }
            }
            Map<String, Integer> partitions = new java.util.TreeMap<>();
            coPartitioned.stream().filter(descriptions::containsKey)
                    .forEach(name -> partitions.put(name, descriptions.get(name).partitions().size()));
            if (partitions.values().stream().distinct().count() > 1) {
                weak.add("the topics read together have different partition counts " + partitions);
            }
            return weak;
        }
        catch (TimeoutException e) {
            throw new ClusterUnreachableException("no answer from the cluster within 15 s");
        }
        catch (ExecutionException e) {
            throw new ClusterUnreachableException(String.valueOf(e.getCause()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnreachableException("interrupted");
        }
    }

    private static int replicas(TopicPartitionInfo partition) {
        return partition.replicas().size();
    }

    @Override
    public void stop() {
        running = false;
        if (rechecks != null) {
            rechecks.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First to start: before Kafka Streams and the listener containers, after the admin declared the topics. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    static final class ClusterUnreachableException extends Exception {

        ClusterUnreachableException(String message) {
            super(message);
        }
    }
}
