package org.adherence.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The check against a real cluster of three brokers, on topics made strong and weak by hand. */
class ReplicationCheckTest {

    private static final KafkaTopicProperties THREE_REPLICAS_TWO_IN_SYNC =
            new KafkaTopicProperties(3, (short) 3, (short) 2);

    private static EmbeddedKafkaKraftBroker cluster;

    @BeforeAll
    static void threeBrokers() throws Exception {
        cluster = new EmbeddedKafkaKraftBroker(3, 1);
        cluster.brokerProperties(Map.of("auto.create.topics.enable", "false"));
        cluster.afterPropertiesSet();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    THREE_REPLICAS_TWO_IN_SYNC.declare("strong", false),
                    new NewTopic("two-replicas", 3, (short) 2)
                            .configs(Map.of("min.insync.replicas", "2")),
                    new NewTopic("one-in-sync", 3, (short) 3),
                    new NewTopic("app-store-changelog", 3, (short) 3)
                            .configs(Map.of("min.insync.replicas", "1")),
                    new NewTopic("someone-elses", 1, (short) 1),
                    new NewTopic("six-partitions", 6, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(3, TimeUnit.MINUTES);
        }
        // every broker knows them before a check asks whichever one it reaches (a loaded machine lags behind)
        java.util.Set<String> created = java.util.Set.of("strong", "two-replicas", "one-in-sync", "app-store-changelog",
                "someone-elses", "six-partitions");
        for (String broker : cluster.getBrokersAsString().split(",")) {
            try (Admin one = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker))) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() ->
                        one.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(created));
            }
        }
    }

    /**
     * Within a minute: a three-broker cluster in one JVM has been seen to take five minutes over its controlled
     * shutdown on a loaded machine; its threads end with the test JVM in any case.
     */
    @AfterAll
    static void stop() throws InterruptedException {
        Thread stopping = new Thread(cluster::destroy, "replication-check-test-cluster-stop");
        stopping.setDaemon(true);
        stopping.start();
        stopping.join(60_000);
    }

    private static Admin admin() {
        // patient: three brokers in one JVM on a loaded two-core machine take their time over creating topics
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.getBrokersAsString(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 180_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000));
    }

    private static ReplicationCheck check(List<String> topics, List<String> prefixes) {
        return new ReplicationCheck(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.getBrokersAsString()),
                THREE_REPLICAS_TWO_IN_SYNC, topics, prefixes);
    }

    @Test
    void passesTopicsAsStrongAsConfiguredAndIgnoresTopicsTheServiceDoesNotUse() throws Exception {
        ReplicationCheck check = check(List.of("strong", "not-created-yet"), List.of("other-app-"));

        assertThat(check.check()).isEmpty();
        check.start();
        assertThat(check.isRunning()).isTrue();
    }

    @Test
    void namesEveryTopicWithFewerReplicasOrInSyncReplicasThanConfigured() throws Exception {
        ReplicationCheck check = check(List.of("strong", "two-replicas", "one-in-sync"), List.of("app-"));

        assertThat(check.check()).containsExactly(
                "app-store-changelog has min.insync.replicas 1",
                "one-in-sync has min.insync.replicas 1",
                "two-replicas has 2 replica(s)");
    }

    @Test
    void refusesInputsReadTogetherWhoseKeysWouldMeetInDifferentTasks() throws Exception {
        ReplicationCheck check = new ReplicationCheck(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.getBrokersAsString()), THREE_REPLICAS_TWO_IN_SYNC, List.of("strong", "six-partitions"),
                List.of(), List.of("strong", "six-partitions"));

        assertThat(check.check()).containsExactly(
                "the topics read together have different partition counts {six-partitions=6, strong=3}");
    }

    @Test
    void refusesToStartOnAWeakTopic() {
        ReplicationCheck check = check(List.of("two-replicas"), List.of());

        assertThatThrownBy(check::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("Refusing to run on topics weaker than configured (adherence.kafka.replication-factor=3, "
                        + "adherence.kafka.min-insync-replicas=2): two-replicas has 2 replica(s). Raise their "
                        + "replication (kafka-reassign-partitions, kafka-configs) or the settings' values.");
    }

    @Test
    void refusesSettingsThatWouldMakeAcksAllMeanOneReplica() {
        assertThatThrownBy(() -> new KafkaTopicProperties(3, (short) 3, (short) 1))
                .hasMessageContaining("set adherence.kafka.min-insync-replicas to 2");
        assertThatThrownBy(() -> new KafkaTopicProperties(3, (short) 1, (short) 2))
                .hasMessageContaining("every write with acks=all would be refused");
    }
}
