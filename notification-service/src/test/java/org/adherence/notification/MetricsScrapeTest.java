package org.adherence.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.ServiceInstance;
import org.adherence.notification.support.TestKafka;
import org.adherence.testsupport.mail.TestMailServer;
import org.junit.jupiter.api.Test;

/** A whole instance of the service, scraped by Prometheus without credentials. */
class MetricsScrapeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final String APPLICATION = "application=\"notification-service\"";

    @Test
    void exportsEmailsDeliveryTimesWhatItHoldsTheMailServerAndItsKafkaClientsTaggedWithTheApplication()
            throws Exception {
        String patientId = Fixtures.newPatientId("p-metrics");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        try (TestMailServer mail = TestMailServer.start();
             ServiceInstance service = ServiceInstance.start(withoutReminders(mail.port()))) {
            // given a CRITICAL alert mailed to the team
            TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.OVERDOSE_SIGNS));
            await().atMost(PATIENCE).until(() -> mail.received(m -> m.subject().endsWith(patientId)).size() >= 3);

            // when Prometheus scrapes it, without credentials
            String sent = series("adherence_notifications_total", "outcome=\"sent\",severity=\"CRITICAL\"");
            await().atMost(PATIENCE).until(() -> {
                List<String> scrape = service.get("/actuator/prometheus").body().lines().toList();
                return scrape.contains(sent + " 3.0") && scrape.stream().anyMatch(line -> line.startsWith(
                        "kafka_stream_client_"));
            });
            List<String> lines = service.get("/actuator/prometheus").body().lines().toList();

            // then the emails are counted by severity and outcome, every series there from the start
            assertThat(lines).filteredOn(line -> line.startsWith("adherence_notifications_total{")).hasSize(20);
            // the alert's delivery time once, with buckets for percentiles
            assertThat(lines).contains(
                    series("adherence_notification_delivery_seconds_count", "severity=\"CRITICAL\"") + " 1",
                    series("adherence_notification_delivery_seconds_bucket", "severity=\"CRITICAL\",le=\"+Inf\"")
                            + " 1",
                    series("adherence_critical_alerts_unacknowledged", "") + " 1.0",
                    series("adherence_notifications_held", "") + " 0.0",
                    series("adherence_notifications_digest_queued", "") + " 0.0",
                    series("adherence_notification_mail_server_up", "") + " 1.0",
                    series("adherence_notification_policy_refusals", "") + " 0.0");
            for (String reason : List.of("unreadable", "unknown_code", "empty")) {
                assertThat(lines).contains(series("adherence_alerts_dead_lettered_total",
                        "reason=\"" + reason + "\"") + " 0.0");
            }
            // and the Kafka Streams client and the results' producer, each series with the application
            assertThat(lines).anyMatch(line -> line.startsWith("kafka_stream_client_") && line.contains(APPLICATION));
            assertThat(lines).anyMatch(line -> line.startsWith("kafka_producer_") && line.contains(APPLICATION));
            assertThat(lines).filteredOn(line -> !line.startsWith("#") && !line.isBlank())
                    .allSatisfy(line -> assertThat(line).contains(APPLICATION));
        }
    }

    /** No reminder in the test's time: the CRITICAL alert's three emails are all it sends. */
    private static java.util.Map<String, Object> withoutReminders(int smtpPort) {
        java.util.Map<String, Object> settings = ServiceInstance.settings(smtpPort);
        settings.put("adherence.notification.critical-repeat", "PT1H");
        return settings;
    }

    private static String series(String name, String tags) {
        return name + "{" + APPLICATION + (tags.isEmpty() ? "" : "," + tags) + "}";
    }
}
