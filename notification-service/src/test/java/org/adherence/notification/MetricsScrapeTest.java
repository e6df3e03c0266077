package org.adherence.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
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

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

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
        return ServiceInstances.start(SMTP_PORT);
    }

}
