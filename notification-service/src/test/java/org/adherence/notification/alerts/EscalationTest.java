package org.adherence.notification.alerts;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.json.ContractJson;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.Http;
import org.adherence.notification.support.MutableClock;
import org.adherence.notification.support.SampleAlerts;
import org.adherence.notification.support.TestKafka;
import org.adherence.notification.support.TestSettings;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import static org.adherence.notification.support.Mailbox.alternativesOf;
import static org.adherence.notification.support.Mailbox.messagesTo;
import static org.adherence.notification.support.Mailbox.subjectsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What follows an alert's first email, against a real broker and a real SMTP server: reminders of CRITICAL alerts
 * and their acknowledgement link, dead letters, the daily digest of INFO alerts and the delivery log. Reminders
 * come every 2 s; the clock can be moved forward for a local day to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EscalationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern ACK_LINK = Pattern.compile("http://localhost:8082(/api/v1/alerts/\\S+/ack\\?token=(\\S+))");

    @RegisterExtension
    static final GreenMailExtension mail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void testSettings(DynamicPropertyRegistry registry) {
        TestSettings.common().forEach((key, value) -> registry.add(key, () -> value));
        registry.add(TestSettings.MAIL_PORT, () -> mail.getSmtp().getPort());
        registry.add("adherence.notification.critical-repeat", () -> "PT2S");
    }

    @TestConfiguration
    static class MovableTime {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    AckTokens ackTokens;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PartitionOwnership ownership;

    @Value("${local.server.port}")
    int port;

    @Test
    void remindsThePhysiciansOfACriticalAlertUntilItIsAcknowledgedThroughTheLinkInItsEmail() {
        // given a care team and two CRITICAL alerts of one patient
        String patientId = Fixtures.newPatientId("p-critical");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        String physician = team.get(0).email();
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        // and this instance mailing for the patient, so counting the patient's unacknowledged alerts
        await().atMost(PATIENCE).until(() -> ownership.owns(patientId));
        double unacknowledgedBefore = unacknowledgedCritical();
        long timedBefore = criticalDeliveriesTimed();
        AlertRaised overdose = Fixtures.alert(patientId, RuleId.OVERDOSE_SIGNS);
        AlertRaised withdrawal = Fixtures.alert(patientId, RuleId.WITHDRAWAL_SIGNS);
        TestKafka.publish(Topics.ALERTS, patientId, overdose);
        TestKafka.publish(Topics.ALERTS, patientId, withdrawal);

        // then the whole team gets both at once, and the physician numbered reminders of each
        String subject = "[CRITICAL] OVERDOSE_SIGNS - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(subjectsTo(mail, physician)).contains(subject, subject + " (reminder 1)",
                    subject + " (reminder 2)");
            team.forEach(member -> assertThat(subjectsTo(mail, member.email())).contains(subject,
                    "[CRITICAL] WITHDRAWAL_SIGNS - patient " + patientId));
        });
        assertThat(subjectsTo(mail, team.get(1).email())).noneMatch(s -> s.contains("reminder"));
        assertThat(subjectsTo(mail, team.get(2).email())).noneMatch(s -> s.contains("reminder"));
        assertThat(subjectsTo(mail, physician)).filteredOn(subject::equals).hasSize(1);
        // and each alert's delivery time is counted once, for its first email (reminders are not), and both are
        // unacknowledged
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(criticalDeliveriesTimed()).isEqualTo(timedBefore + 2);
            assertThat(unacknowledgedCritical()).isEqualTo(unacknowledgedBefore + 2);
        });

        // when the physician opens the link of the first email: a page with one button, nothing acknowledged yet
        Matcher link = ACK_LINK.matcher(alternativesOf(messagesTo(mail, physician).stream()
                .filter(m -> subject.equals(org.adherence.notification.support.Mailbox.subjectOf(m)))
                .findFirst().orElseThrow()).get(2));
        assertThat(link.find()).isTrue();
        String url = "http://localhost:" + port + link.group(1);
        HttpResponse<String> page = Http.get(url);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.body()).contains("<form method=\"post\"", "<button type=\"submit\">", subject)
                .contains("value=\"" + link.group(2) + "\"");
        assertThat(deliveryLog(overdose.alertId()).path("acknowledged").isMissingNode()).isTrue();

        // and presses the button
        HttpResponse<String> acknowledged = Http.postForm(url.substring(0, url.indexOf('?')), "token",
                link.group(2));

        // then the alert is acknowledged by the physician, on Kafka, for every instance
        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(acknowledged.body()).contains("acknowledged by " + physician);
        assertThat(TopicReader.recordsForKey(TestKafka.bootstrapServers(), Topics.ALERT_ACKNOWLEDGEMENTS.name(),
                overdose.alertId(), found -> !found.isEmpty(), PATIENCE)).singleElement()
                .satisfies(record -> assertThat(record.value()).contains("\"acknowledgedBy\":\"" + physician + "\""));

        // and it no longer counts as unacknowledged, while the other one does
        assertThat(unacknowledgedCritical()).isEqualTo(unacknowledgedBefore + 1);

        // and its reminders stop, while the other alert's go on
        int otherBefore = remindersOf(physician, "[CRITICAL] WITHDRAWAL_SIGNS - patient " + patientId);
        await().atMost(PATIENCE).until(() ->
                remindersOf(physician, "[CRITICAL] WITHDRAWAL_SIGNS - patient " + patientId) > otherBefore);
        int reminders = remindersOf(physician, subject);
        await().atMost(PATIENCE).until(() ->
                remindersOf(physician, "[CRITICAL] WITHDRAWAL_SIGNS - patient " + patientId) > otherBefore + 2);
        assertThat(remindersOf(physician, subject)).isEqualTo(reminders);
        assertThat(criticalDeliveriesTimed()).isEqualTo(timedBefore + 2);

        // and pressing it again changes nothing
        HttpResponse<String> again = Http.postForm(url.substring(0, url.indexOf('?')), "token", link.group(2));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("already acknowledged by " + physician);

        // and the delivery log shows who acknowledged, and how many reminders went out
        JsonNode log = deliveryLog(overdose.alertId());
        assertThat(log.path("acknowledged").path("acknowledgedBy").asString()).isEqualTo(physician);
        JsonNode physicianRow = log.path("recipients").get(0);
        assertThat(physicianRow.path("address").asString()).isEqualTo(physician);
        assertThat(physicianRow.path("status").asString()).isEqualTo("acknowledged");
        assertThat(physicianRow.path("reminders").asInt()).isEqualTo(reminders);
        assertThat(log.path("recipients").get(1).path("status").asString()).isEqualTo("sent");
        assertThat(log.path("recipients").get(1).path("reminders").asInt()).isZero();
    }

    @Test
    void refusesForgedExpiredAndOtherAlertsLinksWithAPageOrAProblem() {
        String base = "http://localhost:" + port + "/api/v1/alerts/alert-x/ack?token=";
        Instant later = Instant.now().plus(Duration.ofDays(30));
        String good = ackTokens.sign(new AckTokens.Claims("alert-x", "p-x", "neuro@clinic.example", later));
        String expired = ackTokens.sign(new AckTokens.Claims("alert-x", "p-x", "neuro@clinic.example",
                clock.instant().minusSeconds(1)));
        String otherAlert = ackTokens.sign(new AckTokens.Claims("alert-y", "p-x", "neuro@clinic.example", later));
        String forged = good.substring(0, good.indexOf('.') + 1) + "AAAA" + good.substring(good.indexOf('.') + 5);

        assertThat(Http.get(base + good).statusCode()).isEqualTo(200);
        assertRefused(Http.get(base + expired), 403, "The link has expired.");
        assertRefused(Http.get(base + otherAlert), 403, "The link belongs to another alert.");
        assertRefused(Http.get(base + forged), 403, "The link was not made by this service.");
        assertRefused(Http.get(base + "nonsense"), 400, "The link is incomplete or damaged.");
        assertRefused(Http.postForm(base.substring(0, base.indexOf('?')), "token", forged), 403,
                "The link was not made by this service.");

        HttpResponse<String> problem = Http.get(base + forged, "Accept", "application/json");
        assertThat(problem.statusCode()).isEqualTo(403);
        assertThat(problem.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(problem.body()).contains("\"reason\":\"FORGED\"", "\"status\":403");
    }

    @Test
    void deadLettersAnAddressTheMailServerRefusesAndStillMailsTheOthers() {
        // given a care team one of whose addresses is no address at all
        String patientId = Fixtures.newPatientId("p-refused");
        List<CareTeamMember> team = List.of(Fixtures.careTeamOf(patientId).get(0), Fixtures.careTeamOf(patientId).get(1),
                new CareTeamMember("Sam", "sam at family example", CareTeamRole.CAREGIVER));
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        double failedBefore = count("failed");

        // when a HIGH alert arrives
        AlertRaised alert = Fixtures.alert(patientId, RuleId.SINGLE_DOSE_ABOVE_MAX);
        TestKafka.publish(Topics.ALERTS, patientId, alert);

        // then the others get it, the refused address is a dead letter, counted, and failed in the delivery log
        String subject = "[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(subjectsTo(mail, team.get(0).email())).containsExactly(subject);
            assertThat(subjectsTo(mail, team.get(1).email())).containsExactly(subject);
        });
        assertThat(TopicReader.recordsForKey(TestKafka.bootstrapServers(), Topics.NOTIFICATION_DEAD_LETTERS.name(),
                alert.alertId(), found -> !found.isEmpty(), PATIENCE)).singleElement().satisfies(record ->
                assertThat(record.value()).contains("\"recipient\":\"sam at family example\"",
                        "\"reason\":\"invalid address (AddressException)\""));
        assertThat(count("failed")).isEqualTo(failedBefore + 1);
        JsonNode log = deliveryLog(alert.alertId());
        assertThat(log.path("alert").path("rule").asString()).isEqualTo("SINGLE_DOSE_ABOVE_MAX");
        assertThat(log.path("recipients")).extracting(row -> row.path("status").asString())
                .containsExactly("sent", "sent", "failed");
        assertThat(log.path("recipients").get(2).path("failedAt").isMissingNode()).isFalse();
    }

    @Test
    void gathersInfoAlertsIntoOneDigestPerPatientAndLocalDaySentWhenTheDayHasEnded() {
        // given a patient in Berlin with two INFO alerts, and a WARNING after them (same partition)
        String patientId = Fixtures.newPatientId("p-digest");
        List<CareTeamMember> team = Fixtures.careTeamOf(patientId);
        TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team));
        AlertRaised missed = SampleAlerts.of(RuleId.MISSED_DOSES, patientId);
        AlertRaised sideEffect = SampleAlerts.of(RuleId.SIDE_EFFECT_REPORTED, patientId);
        TestKafka.publish(Topics.ALERTS, patientId, missed);
        TestKafka.publish(Topics.ALERTS, patientId, sideEffect);
        TestKafka.publish(Topics.ALERTS, patientId, Fixtures.alert(patientId, RuleId.DOUBLE_DOSE));
        String warning = "[WARNING] DOUBLE_DOSE - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(subjectsTo(mail, team.get(0).email())).containsExactly(warning));

        // then nothing of them is mailed while their day lasts
        assertThat(subjectsTo(mail, team.get(2).email())).isEmpty();
        assertThat(deliveryLog(missed.alertId()).path("recipients")).extracting(row -> row.path("status").asString())
                .containsExactly("queued-for-digest", "queued-for-digest", "queued-for-digest");

        // when the day has ended
        clock.advance(Duration.ofDays(1));

        // then the whole team gets one digest listing both, in Berlin time
        String digest = "[INFO] DAILY_DIGEST - patient " + patientId;
        await().atMost(PATIENCE).untilAsserted(() -> team.forEach(member ->
                assertThat(subjectsTo(mail, member.email())).filteredOn(digest::equals).hasSize(1)));
        String text = alternativesOf(messagesTo(mail, team.get(2).email()).get(0)).get(2);
        assertThat(text).contains("MISSED_DOSES\n- Raised: 2026-11-24 10:00 (Europe/Berlin, +01:00)\n- Summary: "
                + missed.summary(), "SIDE_EFFECT_REPORTED\n- Raised: 2026-11-24 10:00 (Europe/Berlin, +01:00)\n"
                + "- Summary: " + sideEffect.summary());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveryLog(missed.alertId()).path("recipients"))
                .extracting(row -> row.path("status").asString()).containsExactly("sent", "sent", "sent"));

        // and when another day ends, after another patient's INFO alert, only that one has a digest
        String other = Fixtures.newPatientId("p-digest-other");
        List<CareTeamMember> otherTeam = Fixtures.careTeamOf(other);
        TestKafka.publish(Topics.PATIENT_PROFILES, other, Fixtures.profileOf(other, otherTeam));
        TestKafka.publish(Topics.ALERTS, other, SampleAlerts.of(RuleId.DOSING_RESUMED, other));
        await().atMost(PATIENCE).until(() -> !deliveryLog(SampleAlerts.of(RuleId.DOSING_RESUMED, other).alertId())
                .isMissingNode());
        clock.advance(Duration.ofDays(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(subjectsTo(mail, otherTeam.get(0).email()))
                .containsExactly("[INFO] DAILY_DIGEST - patient " + other));
        team.forEach(member -> assertThat(subjectsTo(mail, member.email())).filteredOn(digest::equals).hasSize(1));
    }

    @Test
    void showsTheDeliveryLogOnlyToACareTeamTokenAndAnswersProblems() {
        String url = "http://localhost:" + port + "/api/v1/alerts/no-such-alert";

        HttpResponse<String> anonymous = Http.get(url);
        HttpResponse<String> patient = Http.get(url, "Authorization", "Bearer " + TestTokens.patientApp("p-1"));
        HttpResponse<String> unknown = Http.get(url, "Authorization", "Bearer " + TestTokens.careTeam());
        HttpResponse<String> badToken = Http.get(url, "Authorization", "Bearer " + TestTokens.sign("x".repeat(40),
                "care", "care-team:read", Instant.now().plusSeconds(600)));

        assertProblem(anonymous, 401);
        assertProblem(patient, 403);
        assertProblem(unknown, 404);
        assertProblem(badToken, 401);
    }

    private JsonNode deliveryLog(String alertId) {
        String token = TestTokens.sign(TestTokens.SECRET, "nurse", "care-team:read", Instant.now().plusSeconds(600));
        HttpResponse<String> response = Http.get("http://localhost:" + port + "/api/v1/alerts/" + alertId,
                "Authorization", "Bearer " + token);
        return response.statusCode() == 404 ? ContractJson.mapper().missingNode()
                : ContractJson.mapper().readTree(response.body());
    }

    private int remindersOf(String address, String subject) {
        return (int) subjectsTo(mail, address).stream().filter(s -> s.startsWith(subject + " (reminder ")).count();
    }

    private double unacknowledgedCritical() {
        return meters.get("adherence.critical.alerts.unacknowledged").gauge().value();
    }

    private long criticalDeliveriesTimed() {
        return meters.get(NotificationMetrics.DELIVERY).tag("severity", "CRITICAL").timer().count();
    }

    private double count(String outcome) {
        return meters.find("adherence.notifications").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String explanation) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(response.body()).contains("This acknowledgement link cannot be used", explanation,
                "Nothing was acknowledged.");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status);
    }
}
