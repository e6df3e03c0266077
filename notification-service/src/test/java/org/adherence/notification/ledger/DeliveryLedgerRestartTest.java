package org.adherence.notification.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.NotificationServiceApplication;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.TestKafka;
import org.adherence.notification.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.adherence.notification.support.Mailbox.subjectsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole service instances started and stopped by the test, one at a time, against the same broker and the same
 * SMTP server: what a restart or an outage does to deliveries.
 */
class DeliveryLedgerRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Fixed for the class, so that the SMTP server can be stopped and started again on the same port. */
    private static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    @Test
    void neverMailsTheSameAlertTwiceAfterARestart() {
        // given an alert delivered by one instance of the service, which then stops
        String patientId = Fixtures.newPatientId("p-restart");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        AlertRaised alert = Fixtures.alert(patientId, RuleId.ABRUPT_DISCONTINUATION);
        String subject = "[HIGH] ABRUPT_DISCONTINUATION - patient " + patientId;
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        try (ConfigurableApplicationContext first = startService()) {
            TestKafka.publish(Topics.ALERTS, patientId, alert);
            await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                    assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));
        }

        // when a fresh instance gets the same alert again, then a later WARNING
        try (ConfigurableApplicationContext second = startService()) {
            TestKafka.publish(Topics.ALERTS, patientId, alert);
            TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.DOUBLE_DOSE));

            // then only the WARNING is new (handled after the repeated alert: same patient, same partition)
            String warningSubject = "[WARNING] DOUBLE_DOSE - patient " + patientId;
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(subjectsTo(mail, team.get(0).email())).containsExactly(subject, warningSubject);
                assertThat(subjectsTo(mail, team.get(1).email())).containsExactly(subject, warningSubject);
                assertThat(subjectsTo(mail, team.get(2).email())).containsExactly(subject);
            });
        }
    }

    @Test
    void keepsTryingWhileTheMailServerIsDownAndDeliversOnceItIsBack() {
        // given a running service whose mail server is down
        String patientId = Fixtures.newPatientId("p-outage");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        try (ConfigurableApplicationContext service = startService()) {
            mail.stop();
            try {
                // when an alert arrives, and the mail server comes back only after a few failed attempts
                TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.SERIOUS_SIDE_EFFECT));
                await().atMost(PATIENCE).until(() -> mailFailures(service) >= 2);
            }
            finally {
                mail.start();
            }

            // then the alert is mailed to the whole team, once
            String subject = "[HIGH] SERIOUS_SIDE_EFFECT - patient " + patientId;
            await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                    assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));
        }
    }

    @Test
    void countsSentEmailsInPrometheusTaggedWithTheApplication() throws Exception {
        // given a running service that has mailed an alert
        String patientId = Fixtures.newPatientId("p-metrics");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        try (ConfigurableApplicationContext service = startService()) {
            TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.OVERDOSE_SIGNS));
            String subject = "[CRITICAL] OVERDOSE_SIGNS - patient " + patientId;
            await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                    assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));

            // when Prometheus scrapes it, without credentials
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + service.getEnvironment().getProperty("local.server.port")
                            + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());

            // then the emails of this instance are counted, by severity
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains(
                    "adherence_notifications_total{application=\"notification-service\",outcome=\"sent\","
                            + "severity=\"CRITICAL\"} 3.0");
        }
    }

    private static ConfigurableApplicationContext startService() {
        // as arguments: default properties would lose to application.yml
        Map<String, Object> settings = TestSettings.withSmtpPort(SMTP_PORT);
        settings.put("server.port", 0);
        return new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(settings.entrySet().stream().map(s -> "--" + s.getKey() + "=" + s.getValue())
                        .toArray(String[]::new));
    }

    private static double mailFailures(ConfigurableApplicationContext service) {
        return service.getBean(MeterRegistry.class).find("adherence.notifications").tag("outcome", "retried")
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
