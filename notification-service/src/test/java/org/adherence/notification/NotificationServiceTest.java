package org.adherence.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.sending.MessageIds;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.ServiceInstance;
import org.adherence.notification.support.TestKafka;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.http.RawHttp;
import org.adherence.testsupport.mail.TestMailServer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.binder.kafka.streams.KafkaStreamsBindingInformationCatalogue;

/**
 * One instance of the service on a real broker and a real SMTP server that refuses what a test tells it to: what care
 * teams get, and that no refusal of one address, nor a mail server that is down, holds anyone else back.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotificationServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Pattern ACK_LINK = Pattern.compile("(http://\\S+/api/v1/alerts/(\\S+)/ack\\?token=(\\S+))");

    private static TestMailServer mail;

    private static ServiceInstance service;

    @BeforeAll
    static void start() {
        mail = TestMailServer.start();
        service = ServiceInstance.start(mail.port());
    }

    @AfterAll
    static void stop() {
        service.close();
        mail.close();
    }

    @AfterEach
    void acceptAgain() {
        mail.acceptEverything();
    }

    private static void patientWithTeam(String patient, List<CareTeamMember> team) {
        TestKafka.publish(Topics.PATIENT_PROFILES, patient, Fixtures.profileOf(patient, team));
    }

    private static List<TestMailServer.Mail> mailsAbout(String patient) {
        return mail.received(m -> m.subject() != null && m.subject().endsWith(" - patient " + patient)
                || m.subject() != null && m.subject().contains(" - patient " + patient + " ("));
    }

    @Test
    void mailsAHighAlertToTheWholeTeamOnceEachWithTheMessageIdOfItsKeyAndLogsItInTheAlertsTrace(
            CapturedOutput output) {
        String patient = Fixtures.newPatientId("high");
        List<CareTeamMember> team = Fixtures.careTeamOf(patient);
        patientWithTeam(patient, team);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        TestKafka.publish(Topics.ALERTS, patient, Fixtures.alert(patient, RuleId.DAILY_MAX_EXCEEDED),
                new RecordHeader("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01")
                        .getBytes(StandardCharsets.UTF_8)));

        String subject = "[HIGH] DAILY_MAX_EXCEEDED - patient " + patient;
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient))
                .extracting(TestMailServer.Mail::recipient)
                .containsExactlyInAnyOrder(team.stream().map(CareTeamMember::email).toArray(String[]::new)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(mailsAbout(patient)).hasSize(3));
        String alertId = Fixtures.alert(patient, RuleId.DAILY_MAX_EXCEEDED).alertId();
        assertThat(mailsAbout(patient)).allSatisfy(email -> {
            assertThat(email.subject()).isEqualTo(subject);
            assertThat(email.sender()).isEqualTo("alerts@adherence.local");
            assertThat(email.messageId()).isEqualTo(MessageIds.of(alertId + "|" + email.recipient(),
                    "alerts@adherence.local"));
            assertThat(email.text()).contains("Alert id: " + alertId).doesNotContain("/ack?token=");
        });
        assertThat(output.getOut().lines().filter(line -> line.contains("Mailed alertId=" + alertId)))
                .hasSize(3).allSatisfy(line -> assertThat(line).contains(traceId));
    }

    @Test
    void remindsTheCliniciansOfACriticalAlertUntilItsPageIsPressedAndASecondPressShowsWhoWasFirst()
            throws Exception {
        String patient = Fixtures.newPatientId("critical");
        List<CareTeamMember> team = Fixtures.careTeamOf(patient);
        patientWithTeam(patient, team);
        AlertRaised alert = Fixtures.alert(patient, RuleId.OVERDOSE_SIGNS);
        TestKafka.publish(Topics.ALERTS, patient, alert);
        String subject = "[CRITICAL] OVERDOSE_SIGNS - patient " + patient;

        // the whole team at once; the link only in the clinicians' emails; reminders to the physician
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient).stream()
                .map(TestMailServer.Mail::subject)).contains(subject + " (reminder 1)"));
        List<TestMailServer.Mail> own = mailsAbout(patient).stream().filter(m -> m.subject().equals(subject))
                .toList();
        assertThat(own).hasSize(3);
        assertThat(own).filteredOn(m -> m.recipient().startsWith("sam-")).singleElement()
                .satisfies(caregiver -> assertThat(caregiver.text()).doesNotContain("/ack?token="));
        assertThat(mailsAbout(patient)).filteredOn(m -> m.subject().contains("(reminder"))
                .extracting(TestMailServer.Mail::recipient).containsOnly(team.get(0).email());
        TestMailServer.Mail physicians = own.stream().filter(m -> m.recipient().equals(team.get(0).email()))
                .findFirst().orElseThrow();
        TestMailServer.Mail nurses = own.stream().filter(m -> m.recipient().equals(team.get(1).email()))
                .findFirst().orElseThrow();

        // a link the service made for the caregiver (the first version mailed them one; a forwarded email's is
        // signed too) acknowledges nothing: refused on opening and on pressing
        String caregivers = service.context().getBean(AckTokens.class).sign(new AckTokens.Claims(alert.alertId(),
                patient, team.get(2).email(), Instant.now().plusSeconds(600)));
        var opened = service.get("/api/v1/alerts/" + alert.alertId() + "/ack?token="
                + URLEncoder.encode(caregivers, StandardCharsets.UTF_8), "Accept", "application/json");
        assertThat(opened.statusCode()).isEqualTo(403);
        assertThat(opened.body()).contains("\"reason\":\"NOT_A_CLINICIAN\"");
        var caregiverPressed = service.postForm("/api/v1/alerts/" + alert.alertId() + "/ack",
                "token=" + URLEncoder.encode(caregivers, StandardCharsets.UTF_8));
        assertThat(caregiverPressed.statusCode()).isEqualTo(403);
        assertThat(caregiverPressed.body()).contains("acknowledges nothing");

        // the physician presses the button of the link in the email
        Matcher link = ACK_LINK.matcher(physicians.text());
        assertThat(link.find()).isTrue();
        String path = link.group(1).substring(service.url().length());
        assertThat(service.get(path).body()).contains("<form method=\"post\"").contains("Acknowledge as "
                + team.get(0).email());
        String token = URLDecoder.decode(link.group(3), StandardCharsets.UTF_8);
        var pressed = service.postForm("/api/v1/alerts/" + alert.alertId() + "/ack",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(200);
        assertThat(pressed.body()).contains("acknowledged by " + team.get(0).email());

        // then the nurse's press shows who was first, and the reminders stop (one may have been on its way)
        Matcher nurseLink = ACK_LINK.matcher(nurses.text());
        assertThat(nurseLink.find()).isTrue();
        var second = service.postForm("/api/v1/alerts/" + alert.alertId() + "/ack", "token="
                + URLEncoder.encode(URLDecoder.decode(nurseLink.group(3), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
        assertThat(second.body()).contains("already acknowledged by " + team.get(0).email());
        long reminders = mailsAbout(patient).stream().filter(m -> m.subject().contains("(reminder")).count();
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).untilAsserted(() ->
                assertThat(mailsAbout(patient).stream().filter(m -> m.subject().contains("(reminder")).count())
                        .isLessThanOrEqualTo(reminders + 1));

        // and the delivery log says who acknowledged, to a care-team token only
        var log = service.get("/api/v1/alerts/" + alert.alertId(), "Authorization", "Bearer "
                + TestTokens.careTeam());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("\"acknowledgedBy\":\"" + team.get(0).email() + "\"")
                .contains("\"status\":\"acknowledged\"").contains("\"status\":\"sent\"");
        assertThat(service.get("/api/v1/alerts/" + alert.alertId()).statusCode()).isEqualTo(401);
        var unknown = service.get("/api/v1/alerts/no-such-alert", "Authorization", "Bearer "
                + TestTokens.careTeam());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // another clinic's care team gets the very answer of an unknown id; a care team of no clinic, nothing
        var otherClinics = service.get("/api/v1/alerts/" + alert.alertId(), "Authorization", "Bearer "
                + TestTokens.careTeam("another-clinic"));
        assertThat(otherClinics.statusCode()).isEqualTo(404);
        assertThat(otherClinics.body().replace(alert.alertId(), "<id>"))
                .isEqualTo(unknown.body().replace("no-such-alert", "<id>"))
                .doesNotContain(TestTokens.CLINIC);
        assertThat(service.get("/api/v1/alerts/" + alert.alertId(), "Authorization", "Bearer " + TestTokens.token()
                .subject("ct").scope("care-team:read").sign()).statusCode()).isEqualTo(403);
    }

    @Test
    void answersAnIdThatCannotBeAnAlertIdWith400AsAProblemDetail() {
        RawHttp http = new RawHttp("localhost", URI.create(service.url()).getPort(), PATIENCE);
        Map<String, String> careTeam = Map.of("Authorization", "Bearer " + TestTokens.careTeam());
        // once the delivery logs are queryable (a well-formed id of no alert is a 404)
        await().atMost(PATIENCE).until(() -> http.send("GET", "/api/v1/alerts/" + UUID.randomUUID(), careTeam,
                new byte[0]).status() == 404);
        org.assertj.core.api.SoftAssertions.assertSoftly(softly -> {
            for (String id : List.of("a%20b", "%00", "a%2Fb", "a%5Cb", "%FF", "%C0%AF", "a;b", "%25", "a|b",
                    "\u00e9".repeat(3), "x".repeat(10_000), "x".repeat(65))) {
                RawHttp.Answer answer = http.send("GET", "/api/v1/alerts/" + id, careTeam, new byte[0]);

                softly.assertThat(answer.status()).as(id + ": " + answer.text()).isEqualTo(400);
                softly.assertThat(answer.mediaType()).as(id).isEqualTo("application/problem+json");
                softly.assertThat(answer.body().length).as(id).isLessThan(1000);
            }
        });
        RawHttp.Answer withoutToken = http.send("GET", "/api/v1/alerts/" + "x".repeat(7000), Map.of(), new byte[0]);
        assertThat(withoutToken.status()).isEqualTo(401);
        assertThat(withoutToken.body().length).isLessThan(1000);
        // one Spring sees is named as the field it is
        assertThat(http.send("GET", "/api/v1/alerts/a%20b", careTeam, new byte[0]).text())
                .contains("\"errors\":[{\"field\":\"alertId\",\"message\":\"must be 1 to 64 characters");
    }

    @Test
    void anAddressRefusedForAWhileOrForGoodDelaysNoOtherAddressAndIsNotLogged(CapturedOutput output)
            throws Exception {
        String patient = Fixtures.newPatientId("refusals");
        List<CareTeamMember> team = List.of(
                new CareTeamMember("Dr. Rivera", "neuro-" + patient + "@clinic.example", CareTeamRole.PHYSICIAN),
                new CareTeamMember("Busy", "busy-" + patient + "@family.example", CareTeamRole.CAREGIVER),
                new CareTeamMember("Gone", "gone-" + patient + "@family.example", CareTeamRole.CAREGIVER),
                new CareTeamMember("Far", "far-" + patient + "@elsewhere.example", CareTeamRole.CAREGIVER));
        patientWithTeam(patient, team);
        mail.refuse(team.get(1).email(), 451, "4.3.0 Mailbox temporarily unavailable");
        mail.refuse(team.get(2).email(), 550, "5.1.1 No such user");
        mail.refuse(team.get(3).email(), 554, "5.7.1 Relay access denied");

        AlertRaised alert = Fixtures.alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX);
        Instant published = Instant.now();
        TestKafka.publish(Topics.ALERTS, patient, alert);

        // the physician's email leaves at once
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient))
                .extracting(TestMailServer.Mail::recipient).contains(team.get(0).email()));
        assertThat(Duration.between(published, mailsAbout(patient).get(0).receivedAt()))
                .isLessThan(Duration.ofSeconds(5));
        // the refused for good are dead-lettered, shown failed with the reply, and not tried again
        var log = await().atMost(PATIENCE).until(() -> service.get("/api/v1/alerts/" + alert.alertId(),
                "Authorization", "Bearer " + TestTokens.careTeam()).body(), body -> body.contains("5.1.1")
                && body.contains("5.7.1"));
        assertThat(log).contains("\"failure\":\"550 5.1.1\"").contains("\"failure\":\"554 5.7.1\"")
                .contains("\"status\":\"retrying\"");
        long refusals = mail.refusals();
        // the busy address is tried again, alone, and gets its email once the mailbox takes it
        await().atMost(PATIENCE).until(() -> mail.refusals() > refusals);
        mail.accept(team.get(1).email());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient))
                .extracting(TestMailServer.Mail::recipient).contains(team.get(1).email()));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertThat(mailsAbout(patient)).extracting(TestMailServer.Mail::recipient)
                        .containsExactlyInAnyOrder(team.get(0).email(), team.get(1).email()));
        // each refusal is logged, by alert, patient and role: not by address
        assertThat(output.getOut()).contains("Email " + alert.alertId() + "|<address> of patient " + patient
                + " refused for good (550 5.1.1), role=CAREGIVER");
        for (CareTeamMember member : team) {
            assertThat(output.getOut()).doesNotContain(member.email());
        }
    }

    @Test
    void staysReadyWhileTheMailServerRefusesEverySessionAndMailsEachEmailOnceAfterwards() throws Exception {
        String patient = Fixtures.newPatientId("outage");
        List<CareTeamMember> team = Fixtures.careTeamOf(patient);
        patientWithTeam(patient, team);
        mail.refuseEverything(421, "4.3.2 Service not available");

        for (RuleId rule : List.of(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.DAILY_MAX_EXCEEDED)) {
            TestKafka.publish(Topics.ALERTS, patient, Fixtures.alert(patient, rule));
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(service.get("/actuator/health").body())
                .contains("\"mail\":{\"status\":\"DOWN\""));
        assertThat(service.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(mailsAbout(patient)).isEmpty();

        mail.acceptEverything();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient)).hasSize(6));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(mailsAbout(patient)).hasSize(6));
        assertThat(service.get("/actuator/health").body()).contains("\"mail\":{\"status\":\"UP\"");
    }

    @Test
    void groupsOnePatientsWarningsIntoOneEmailPerClinician() {
        String patient = Fixtures.newPatientId("warnings");
        List<CareTeamMember> team = Fixtures.careTeamOf(patient);
        patientWithTeam(patient, team);

        for (RuleId rule : List.of(RuleId.DOUBLE_DOSE, RuleId.TOO_MANY_DOSES, RuleId.PRESCRIPTION_EXCEEDED)) {
            TestKafka.publish(Topics.ALERTS, patient, Fixtures.alert(patient, rule));
        }

        String subject = "[WARNING] 3 alerts: DOUBLE_DOSE, TOO_MANY_DOSES, PRESCRIPTION_EXCEEDED - patient " + patient;
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient))
                .extracting(TestMailServer.Mail::recipient)
                .containsExactlyInAnyOrder(team.get(0).email(), team.get(1).email()));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mailsAbout(patient)).hasSize(2));
        assertThat(mailsAbout(patient)).allSatisfy(email -> {
            assertThat(email.subject()).isEqualTo(subject);
            for (RuleId rule : List.of(RuleId.DOUBLE_DOSE, RuleId.TOO_MANY_DOSES, RuleId.PRESCRIPTION_EXCEEDED)) {
                assertThat(email.text()).contains("Alert id: " + Fixtures.alert(patient, rule).alertId());
            }
        });
    }

    @Test
    void aRecordThatCannotBeReadOnAnyInputIsDeadLetteredAndTheNextAlertIsMailed() {
        String patient = Fixtures.newPatientId("garbled");
        List<CareTeamMember> team = Fixtures.careTeamOf(patient);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        List<String> inputs = List.of(Topics.PATIENT_PROFILES.name(), NotificationTopics.ACK_REQUESTS.name(),
                NotificationTopics.SEND_RESULTS.name(), Topics.ALERTS.name());
        for (String topic : inputs) {
            TestKafka.publishRaw(topic, patient, garbage);
        }
        patientWithTeam(patient, team);
        TestKafka.publish(Topics.ALERTS, patient, Fixtures.alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX));

        // each one on its input's dead-letter topic, as it was, and the stream goes on to the alert behind them
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mailsAbout(patient))
                .extracting(TestMailServer.Mail::recipient)
                .containsExactlyInAnyOrder(team.stream().map(CareTeamMember::email).toArray(String[]::new)));
        await().atMost(PATIENCE).untilAsserted(() -> inputs.forEach(topic -> assertThat(TestKafka.read(
                NotificationTopics.deadLetterTopicOf(topic), patient)).as(topic).containsExactly("{not json")));
        // written by a producer that waits for every in-sync replica and retries: not the binder's acks=1, retries=0
        var catalogue = service.context().getBean(KafkaStreamsBindingInformationCatalogue.class);
        assertThat(catalogue.getDlqProducerFactories()).isNotEmpty().allSatisfy(factory -> {
            assertThat(factory.getConfigurationProperties()).containsEntry("acks", "all");
            assertThat(Integer.parseInt(factory.getConfigurationProperties().get("retries").toString()))
                    .isPositive();
        });
    }
}
