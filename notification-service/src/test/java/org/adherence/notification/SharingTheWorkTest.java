package org.adherence.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.ServiceInstance;
import org.adherence.notification.support.TestKafka;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.mail.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instances come and go: one stopped in the middle of sending and started again, two sharing the partitions. Every
 * email goes out, and none twice; the delivery log and the list of alerts answer from any instance.
 */
class SharingTheWorkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TestMailServer mail;

    private final List<ServiceInstance> instances = new ArrayList<>();

    @BeforeEach
    void mailServer() {
        mail = TestMailServer.start();
    }

    @AfterEach
    void stop() {
        instances.forEach(ServiceInstance::close);
        mail.close();
    }

    private ServiceInstance start() {
        ServiceInstance instance = ServiceInstance.start(mail.port());
        instances.add(instance);
        return instance;
    }

    /** One HIGH alert for each of {@code count} new patients with a team of three: 3 emails each. */
    private List<AlertRaised> alertsOfNewPatients(String prefix, int count) {
        List<AlertRaised> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String patient = Fixtures.newPatientId(prefix);
            TestKafka.publish(Topics.PATIENT_PROFILES, patient, Fixtures.profileOf(patient,
                    Fixtures.careTeamOf(patient)));
            alerts.add(Fixtures.alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX));
        }
        return alerts;
    }

    private Map<String, Long> emailsOf(List<AlertRaised> alerts) {
        List<String> patients = alerts.stream().map(AlertRaised::patientId).toList();
        return mail.received(m -> patients.stream().anyMatch(p -> m.subject().endsWith(" - patient " + p))).stream()
                .collect(Collectors.groupingBy(m -> m.recipient() + " " + m.subject(), Collectors.counting()));
    }

    @Test
    void anInstanceStoppedWhileSendingLeavesTheRestToItsSuccessorAndNothingIsMailedTwice() {
        // given a slow mail server and 40 alerts being mailed
        mail.delayEachEmail(Duration.ofMillis(30));
        ServiceInstance first = start();
        List<AlertRaised> alerts = alertsOfNewPatients("restart", 40);
        alerts.forEach(alert -> TestKafka.publish(Topics.ALERTS, alert.patientId(), alert));
        await().atMost(PATIENCE).until(() -> emailsOf(alerts).size() >= 20);

        // when it stops in the middle and another instance starts
        first.close();
        instances.remove(first);
        int beforeSuccessor = emailsOf(alerts).size();
        // and its successor starts once the leases it gave have ended (PT6S): the results it wrote come first
        sleep(Duration.ofSeconds(7));
        start();

        // then every email arrives, each once
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(emailsOf(alerts)).hasSize(120));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(emailsOf(alerts).values()).containsOnly(1L));
        assertThat(beforeSuccessor).as("mailed before the stop").isBetween(20, 119);
    }

    @Test
    void twoInstancesShareThePartitionsMailEachEmailOnceAndEitherAnswersTheDeliveryLog() throws Exception {
        ServiceInstance one = start();
        ServiceInstance two = start();
        // both own partitions once the group has settled
        await().atMost(PATIENCE).until(() -> one.get("/actuator/health/readiness").statusCode() == 200
                && two.get("/actuator/health/readiness").statusCode() == 200);

        List<AlertRaised> alerts = alertsOfNewPatients("shared", 60);
        alerts.forEach(alert -> TestKafka.publish(Topics.ALERTS, alert.patientId(), alert));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(emailsOf(alerts)).hasSize(180));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(emailsOf(alerts).values()).containsOnly(1L));
        assertThat(sent(one)).as("emails the first instance sent").isPositive();
        assertThat(sent(two)).as("emails the second instance sent").isPositive();
        assertThat(sent(one) + sent(two)).isEqualTo(180);

        Function<ServiceInstance, String> log = instance -> {
            try {
                var answer = instance.get("/api/v1/alerts/" + alerts.get(0).alertId(), "Authorization",
                        "Bearer " + TestTokens.careTeam());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                return answer.body();
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.apply(one)).isEqualTo(log.apply(two))
                .contains("\"status\":\"sent\""));

        // and the clinic's list of alerts, from either instance, holds all of them, gathered from both: each
        // instance's own part (what it answers another) holds each alert once between them
        Set<String> ids = alerts.stream().map(AlertRaised::alertId).collect(Collectors.toSet());
        String list = "/api/v1/alerts?status=all&severity=HIGH&limit=1000";
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (ServiceInstance instance : List.of(one, two)) {
                assertThat(listed(instance.get(list, "Authorization", "Bearer " + TestTokens.careTeam()), ids))
                        .as(instance.url()).isEqualTo(ids.size());
            }
        });
        long ownPartOfOne = listed(one.get(list, "Authorization", "Bearer " + TestTokens.careTeam(),
                "X-Adherence-Forwarded", "1"), ids);
        long ownPartOfTwo = listed(two.get(list, "Authorization", "Bearer " + TestTokens.careTeam(),
                "X-Adherence-Forwarded", "1"), ids);
        assertThat(ownPartOfOne + ownPartOfTwo).isEqualTo(ids.size());
        assertThat(Math.min(ownPartOfOne, ownPartOfTwo)).as("the part of one of them lacks alerts the other holds")
                .isLessThan(ids.size());
    }

    /** How many of these alerts a complete list answer holds. */
    private static long listed(java.net.http.HttpResponse<String> answer, Set<String> ids) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(answer.body());
        assertThat(body.has("incomplete")).as("incomplete").isFalse();
        return body.get("alerts").valueStream().map(view -> view.get("alert").get("alertId").asString())
                .filter(ids::contains).count();
    }

    private static double sent(ServiceInstance instance) throws Exception {
        return instance.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("adherence_notifications_total{") && line.contains("outcome=\"sent\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
