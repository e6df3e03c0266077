package org.adherence.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.ServiceInstances;
import org.adherence.notification.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.adherence.notification.support.Mailbox.subjectsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A whole instance of the service, scraped by Prometheus without credentials. */
class MetricsScrapeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final int SMTP_PORT = ServiceInstances.freePort();

    private static final String APPLICATION = "application=\"notification-service\"";

    /** Every topic a reader of this service follows from its beginning, besides the alerts consumer. */
    private static final List<Topic<?>> READ_TOPICS = List.of(Topics.NOTIFICATION_DELIVERIES,
            Topics.NOTIFICATION_ALERTS, Topics.NOTIFICATION_PENDING, Topics.NOTIFICATION_DIGEST_QUEUE,
            Topics.NOTIFICATION_DEAD_LETTERS, Topics.ALERT_ACKNOWLEDGEMENTS, Topics.PATIENT_PROFILES);

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    @Test
    void exportsEmailsDeliveryTimesUnacknowledgedAlertsAndEveryKafkaClientTaggedWithTheApplication()
            throws Exception {
        // given a running service that has mailed a CRITICAL alert, and answered a probe
        String patientId = Fixtures.newPatientId("p-metrics");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        try (ConfigurableApplicationContext service = startService()) {
            TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.OVERDOSE_SIGNS));
            String subject = "[CRITICAL] OVERDOSE_SIGNS - patient " + patientId;
            await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                    assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));
            assertThat(get(service, "/actuator/health/readiness").statusCode()).isEqualTo(200);

            // when Prometheus scrapes it, without credentials (once the ledger writes and the probe are recorded)
            String sent = series("adherence_notifications_total", "outcome=\"sent\",severity=\"CRITICAL\"");
            HttpResponse<String> scrape = await().atMost(PATIENCE).until(() -> get(service, "/actuator/prometheus"),
                    response -> response.body().contains(sent + " 3.0")
                            && response.body().contains("uri=\"/actuator/health/**\""));

            // then the emails of this instance are counted, by severity, and every outcome is there
            assertThat(scrape.statusCode()).isEqualTo(200);
            List<String> lines = scrape.body().lines().toList();
            assertThat(lines).contains(sent + " 3.0");
            assertThat(lines).filteredOn(line -> line.startsWith("adherence_notifications_total{")).hasSize(20);
            // and the alert is unacknowledged (with those of earlier tests: every instance knows every alert)
            assertThat(valueOf(lines, series("adherence_critical_alerts_unacknowledged", ""))).isPositive();
            // and the alert's delivery time once, with buckets for percentiles; so are HTTP requests'
            assertThat(lines).contains(
                    series("adherence_notification_delivery_seconds_count", "severity=\"CRITICAL\"") + " 1",
                    series("adherence_notification_delivery_seconds_bucket", "severity=\"CRITICAL\",le=\"+Inf\"")
                            + " 1");
            assertThat(lines).anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{" + APPLICATION)
                    && line.contains("uri=\"/actuator/health/**\""));
            // and the lag and sends of each Kafka client: the alerts consumer, every state reader, both producers
            List<String> clients = new ArrayList<>(List.of("alertConsumerFactory."));
            READ_TOPICS.forEach(topic -> clients.add("notification-service-reader-" + topic.name()));
            assertThat(clients).allSatisfy(client -> assertThat(lines).anyMatch(line ->
                    line.startsWith("kafka_consumer_fetch_manager_records_lag_max{" + APPLICATION)
                            && line.contains("spring_id=\"" + client)));
            assertThat(List.of("deliveryProducerFactory.", "stateProducerFactory.")).allSatisfy(client ->
                    assertThat(lines).anyMatch(line -> line.startsWith("kafka_producer_record_send_total{"
                            + APPLICATION) && line.contains("spring_id=\"" + client)));
        }
    }

    /** The value of one series in a scrape, -1 if it is not there. */
    private static double valueOf(List<String> scrape, String series) {
        return scrape.stream().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(-1.0);
    }

    private static String series(String name, String labels) {
        return name + "{" + APPLICATION + (labels.isEmpty() ? "" : "," + labels) + "}";
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + service.getEnvironment().getProperty("local.server.port") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ConfigurableApplicationContext startService() {
        return ServiceInstances.start(SMTP_PORT);
    }

}
