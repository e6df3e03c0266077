package org.adherence.notification.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.email.AlertEmail;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.ledger.LedgerKeys;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.TestKafka;
import org.adherence.notification.support.TestSettings;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.adherence.notification.support.Mailbox.alternativesOf;
import static org.adherence.notification.support.Mailbox.messagesTo;
import static org.adherence.notification.support.Mailbox.subjectsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against a real broker and a real SMTP server. Each test has its own patient, so its own care-team
 * addresses. Where a test must show that nothing more was mailed, it publishes a later alert of the same patient
 * (same partition, so handled after) and waits for that one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// the context consumes in the service's group: it must not outlive this class and take alerts of another
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class AlertMailingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A log line in a trace, as {@code logging.pattern.correlation} writes it: the trace id and the message. */
    private static final Pattern TRACED_LINE =
            Pattern.compile("\\[notification-service,([0-9a-f]{32}),[0-9a-f]{16}] .* : (.*)$");

    @RegisterExtension
    static final GreenMailExtension mail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void testSettings(DynamicPropertyRegistry registry) {
        TestSettings.common().forEach((key, value) -> registry.add(key, () -> value));
        registry.add(TestSettings.MAIL_PORT, () -> mail.getSmtp().getPort());
    }

    @Autowired
    MeterRegistry meters;

    @Value("${local.server.port}")
    int port;

    @Test
    void mailsHighAlertsToTheWholeCareTeamAndWarningsToCliniciansOnlyAndNeverTheSameAlertTwice() throws Exception {
        // given a patient with two clinicians and a caregiver
        String patientId = Fixtures.newPatientId("p-route");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        String physician = team.get(0).email();
        String nurse = team.get(1).email();
        String caregiver = team.get(2).email();
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        AlertRaised high = Fixtures.alert(patientId, RuleId.DAILY_MAX_EXCEEDED);
        AlertRaised warning = Fixtures.alert(patientId, RuleId.TOO_MANY_DOSES);

        // when a HIGH and a WARNING alert arrive
        TestKafka.publish(Topics.ALERTS, patientId, high);
        TestKafka.publish(Topics.ALERTS, patientId, warning);

        // then the HIGH one goes to all three, the WARNING to the clinicians
        String highSubject = "[HIGH] DAILY_MAX_EXCEEDED - patient " + patientId;
        String warningSubject = "[WARNING] TOO_MANY_DOSES - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(subjectsTo(mail, physician)).containsExactly(highSubject, warningSubject);
            assertThat(subjectsTo(mail, nurse)).containsExactly(highSubject, warningSubject);
            assertThat(subjectsTo(mail, caregiver)).containsExactly(highSubject);
        });
        MimeMessage toCaregiver = messagesTo(mail, caregiver).get(0);
        AlertEmail expected = new AlertEmailRenderer().render(high, Fixtures.BERLIN);
        assertThat(toCaregiver.getFrom()[0].toString()).isEqualTo("alerts@adherence.local");
        assertThat(alternativesOf(toCaregiver)).containsExactly(
                "multipart/alternative", "text/plain", expected.text(), "text/html", expected.html());

        // when the same HIGH alert arrives again, followed by another WARNING
        TestKafka.publish(Topics.ALERTS, patientId, high);
        AlertRaised laterWarning = Fixtures.alert(patientId, RuleId.DOUBLE_DOSE);
        TestKafka.publish(Topics.ALERTS, patientId, laterWarning);

        // then only the new WARNING is mailed (handled after the repeated alert: same patient, same partition)
        String laterSubject = "[WARNING] DOUBLE_DOSE - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(subjectsTo(mail, physician)).containsExactly(highSubject, warningSubject, laterSubject);
            assertThat(subjectsTo(mail, nurse)).containsExactly(highSubject, warningSubject, laterSubject);
            assertThat(subjectsTo(mail, caregiver)).containsExactly(highSubject);
        });
    }

    @Test
    void logsEachEmailOfAnAlertInTheTraceOfItsTraceparentHeaderWithoutAddressOrClinicalText(CapturedOutput output) {
        // given a patient with a care team, and an alert that rules-service forwarded inside a trace
        String patientId = Fixtures.newPatientId("p-traced");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        AlertRaised alert = Fixtures.alert(patientId, RuleId.SINGLE_DOSE_ABOVE_MAX);
        String traceId = randomHex(16);
        String traceparent = "00-" + traceId + "-" + randomHex(8) + "-01";

        // when the alert arrives with that trace's W3C traceparent header
        TestKafka.publish(Topics.ALERTS, patientId, alert,
                new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII)));

        // then each email the mail server accepted is one line in that trace: ids, severity and role only, no
        // address and no clinical text
        await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member -> assertThat(subjectsTo(mail,
                member.email())).containsExactly("[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patientId)));
        String mailed = "Mailed alertId=" + alert.alertId() + " severity=HIGH patientId=" + patientId + " role=";
        assertThat(output.getOut().lines().filter(line -> line.contains("Mailed alertId=" + alert.alertId()))
                .map(AlertMailingTest::traceAndMessageOf)).containsExactlyInAnyOrder(
                traceId + " " + mailed + "PHYSICIAN",
                traceId + " " + mailed + "NURSE",
                traceId + " " + mailed + "CAREGIVER");
        // and what it wrote about them carries that trace on: the ledger record of each email
        assertThat(TopicReader.recordsForKey(TestKafka.bootstrapServers(), Topics.NOTIFICATION_DELIVERIES.name(),
                LedgerKeys.alert(alert.alertId(), team.get(0).email()), found -> !found.isEmpty(), PATIENCE))
                .singleElement().satisfies(record -> assertThat(new String(
                        record.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
                        .startsWith("00-" + traceId + "-"));
    }

    private static String traceAndMessageOf(String line) {
        Matcher traced = TRACED_LINE.matcher(line);
        return traced.find() ? traced.group(1) + " " + traced.group(2) : "not in a trace: " + line;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Test
    void holdsAnAlertWhoseProfileHasNotArrivedWithoutHoldingUpOtherPatientsAndMailsItWhenTheProfileArrives() {
        // given an alert for a patient whose profile has not arrived, and another patient on the same partition
        String early = Fixtures.newPatientId("p-early");
        String other = onTheSamePartitionAs(early);
        List<CareTeamMember> earlyTeam = Fixtures.careTeamOf(early);
        List<CareTeamMember> otherTeam = Fixtures.careTeamOf(other);
        double heldBefore = undeliverable();
        TestKafka.publish(Topics.ALERTS, early, Fixtures.alert(early, RuleId.SINGLE_DOSE_ABOVE_MAX));
        await().atMost(PATIENCE).until(() -> undeliverable() > heldBefore);

        // when the other patient's alert comes after it on the same partition
        TestKafka.publish(Topics.PATIENT_PROFILES, other, Fixtures.profileOf(other, otherTeam));
        TestKafka.publish(Topics.ALERTS, other, Fixtures.alert(other, RuleId.DAILY_MAX_EXCEEDED));

        // then it is mailed while the first is held
        await().atMost(PATIENCE).untilAsserted(() -> otherTeam.forEach(member ->
                assertThat(subjectsTo(mail, member.email()))
                        .containsExactly("[HIGH] DAILY_MAX_EXCEEDED - patient " + other)));
        earlyTeam.forEach(member -> assertThat(subjectsTo(mail, member.email())).isEmpty());

        // when the first patient's profile arrives, then the held alert is mailed to the whole team, once
        TestKafka.publish(Topics.PATIENT_PROFILES, early, Fixtures.profileOf(early, earlyTeam));
        String subject = "[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + early;
        await().atMost(PATIENCE).untilAsserted(() -> earlyTeam.forEach(member ->
                assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(meters.get("adherence.notifications.held").gauge().value()).isZero());
    }

    private double undeliverable() {
        return meters.find("adherence.notifications").tag("outcome", "undeliverable").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** A patient id that the default partitioner puts on the same of the alerts topic's three partitions. */
    private static String onTheSamePartitionAs(String patientId) {
        int partition = partitionOf(patientId);
        for (int i = 0; ; i++) {
            String candidate = Fixtures.newPatientId("p-neighbour-" + i);
            if (partitionOf(candidate) == partition) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 3;
    }

    @Test
    void doesNotMailInfoAlertsOnTheirOwn() {
        // given a patient with a care team
        String patientId = Fixtures.newPatientId("p-info");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));

        // when an INFO alert arrives, then a WARNING
        TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.MISSED_DOSES));
        TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.DOUBLE_DOSE));

        // then only the WARNING is mailed
        String warningSubject = "[WARNING] DOUBLE_DOSE - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(subjectsTo(mail, team.get(0).email())).containsExactly(warningSubject);
            assertThat(subjectsTo(mail, team.get(1).email())).containsExactly(warningSubject);
            assertThat(subjectsTo(mail, team.get(2).email())).isEmpty();
        });
    }

    @Test
    void skipsAnAlertRecordThatCannotBeReadAndDeliversTheNextOne() {
        // given a patient with a care team
        String patientId = Fixtures.newPatientId("p-poison");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));

        // when a record that is no alert arrives, then a real one on the same partition
        TestKafka.publishRaw(Topics.ALERTS.name(), patientId, "{\"alertId\": ".getBytes(StandardCharsets.UTF_8));
        TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.PEDIATRIC_USE));

        // then the real one is mailed
        String subject = "[HIGH] PEDIATRIC_USE - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                assertThat(subjectsTo(mail, member.email())).containsExactly(subject)));
    }

    @Test
    void reportsReadinessAndLivenessWithoutAuthenticationAndExposesNoOtherActuatorEndpoint() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/actuator/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}"));
        assertThat(get("/actuator/health/liveness")).isEqualTo("200 {\"status\":\"UP\"}");
        // anything else is closed to the anonymous, and not there for a care team
        assertThat(get("/actuator/env")).startsWith("401");
        assertThat(get("/actuator/env", TestTokens.careTeam())).startsWith("404");
        assertThat(get("/actuator/beans", TestTokens.careTeam())).startsWith("404");
    }

    private String get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    private String get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
