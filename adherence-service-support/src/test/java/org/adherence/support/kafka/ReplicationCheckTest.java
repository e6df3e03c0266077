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
                    new NewTopic("someone-elses", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        cluster.destroy();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.getBrokersAsString()));
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
