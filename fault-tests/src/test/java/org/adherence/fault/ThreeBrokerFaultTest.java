package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.adherence.contracts.Topics;
import org.adherence.testsupport.process.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform on three brokers (every topic with three replicas, {@code min.insync.replicas} 2), as the
 * {@code cluster} profile of docker-compose.yml runs it: one broker killed with {@code kill -9} under a steady load
 * costs nothing, intake keeps answering {@code 202} (its producer rides out the leader elections), and no event
 * answered {@code 202} is lost; and a service refuses to run on topics weaker than it is configured for.
 */
class ThreeBrokerFaultTest {

    private static final Logger log = LoggerFactory.getLogger(ThreeBrokerFaultTest.class);

    private static FaultStack stack;

    @BeforeAll
    static void threeBrokers() throws Exception {
        stack = FaultStack.start("three-brokers", 3, 1, 1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void losingOneBrokerOfThreeLosesNothingAndIntakeKeepsAccepting() throws Exception {
        Patients patients = Patients.of("cluster", 300);
        patients.enrol(stack);

        // given a steady load of 6 doses a second for 50 s
        SteadyLoad load = SteadyLoad.start(stack, patients, 6);
        Thread.sleep(15_000);

        // when one broker is killed, and comes back only once the load is over
        stack.kafka().node(1).kill();
        Instant killedAt = Instant.now();
        List<SteadyLoad.Answer> answers = load.awaitAnswers();
        stack.kafka().node(1).restart();
        stack.kafka().awaitBrokers(Set.of(1, 2, 3), Duration.ofSeconds(90));
        Reconciliation outcome = new Reconciliation(stack, patients, answers)
                .settle(Duration.ofMinutes(4), Duration.ofSeconds(5));
        log.info("one broker of three killed: {}{}", outcome.figures(),
                outcome.timeline(killedAt, Duration.ofSeconds(5)));

        // then every request was accepted, and nothing accepted is lost
        assertThat(outcome.byStatus()).as("answers while a broker of three was dead" + outcome.timeline(killedAt,
                Duration.ofSeconds(5))).containsOnlyKeys(202);
        Assertions.nothingAcceptedLost(outcome, 0, stack);
    }

    @Test
    void aServiceRefusesToRunOnTopicsWeakerThanConfigured() throws Exception {
        // given the alerts topic and rules-service's changelog with min.insync.replicas 1, not the 2 configured
        String changelog;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()))) {
            changelog = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("adherence-rules-") && name.endsWith("-changelog"))
                    .findFirst().orElseThrow();
            setMinInSync(admin, Topics.ALERTS.name(), "1");
            setMinInSync(admin, changelog, "1");
        }
        try {
            // when another instance of rules-service starts
            ServiceProcess rules = stack.startRules();

            // then it refuses to run, naming both
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !rules.isAlive());
            assertThat(String.join("\n", rules.logLines())).contains(
                    "Refusing to run on topics weaker than configured (adherence.kafka.replication-factor=3, "
                            + "adherence.kafka.min-insync-replicas=2)",
                    Topics.ALERTS.name() + " has min.insync.replicas 1",
                    changelog + " has min.insync.replicas 1");
        }
        finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafka().bootstrapServers()))) {
                setMinInSync(admin, Topics.ALERTS.name(), "2");
                setMinInSync(admin, changelog, "2");
            }
        }
    }

    private static void setMinInSync(Admin admin, String topic, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
    }
}
