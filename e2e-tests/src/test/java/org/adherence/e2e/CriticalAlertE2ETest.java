package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A CRITICAL alert through the running stack as a care team lives it: the whole team is mailed at once, the
 * physician is reminded every {@code critical-repeat} until someone opens the signed link from the email and presses
 * the button, and then the reminders stop; the delivery log shows who was mailed and who acknowledged.
 */
@ExtendWith(Platform.Extension.class)
class CriticalAlertE2ETest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Pattern ACK_LINK = Pattern.compile("(http://\\S+/api/v1/alerts/([0-9a-f-]+)/ack\\?token=[^\\s\"<]+)");

    private static final String PHYSICIAN = "neuro@clinic.example";

    private final Platform platform = Platform.get();

    @Test
    void breathlessnessMailsTheTeamRemindsThePhysicianUntilAcknowledgedThroughTheSignedLink() throws Exception {
        String patient = "p-critical-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(platform.send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(), """
                {"birthDate": "1979-03-14", "timeZone": "America/New_York",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Kim", "email": "nurse@clinic.example", "role": "NURSE"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": [], "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/symptoms", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"BREATHLESSNESS\"],\"observedAt\":\""
                        + OffsetDateTime.now().minusMinutes(10) + "\"}").statusCode()).isEqualTo(202);

        String subject = "[CRITICAL] OVERDOSE_SIGNS - patient " + patient;
        // the whole team at once, then the first reminder to the physician
        List<MimeMessage> mails = platform.mailsAbout(patient, 4, Duration.ofSeconds(90));
        assertThat(mails).as("services' logs:\n%s", platform.logs()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(mails.stream().filter(m -> Platform.subject(m).equals(subject)).map(Platform::recipient))
                .containsExactlyInAnyOrder(PHYSICIAN, "nurse@clinic.example", "sam@family.example");
        assertThat(mails.stream().filter(m -> Platform.subject(m).startsWith(subject + " (reminder "))
                .map(Platform::recipient)).as("reminders go to the physicians only").containsOnly(PHYSICIAN)
                .isNotEmpty();
        assertThat(mails.stream().map(Platform::subject)).contains(subject + " (reminder 1)");

        MimeMessage first = mails.stream().filter(m -> Platform.subject(m).equals(subject)
                && Platform.recipient(m).equals(PHYSICIAN)).findFirst().orElseThrow();
        Matcher link = ACK_LINK.matcher(Platform.part(first, "text/plain"));
        assertThat(link.find()).as("an acknowledgement link in:\n%s", Platform.part(first, "text/plain")).isTrue();
        String ackUrl = link.group(1);
        String alertId = link.group(2);
        AlertRaised alert = platform.alertsOf(patient, found -> !found.isEmpty(), Duration.ofSeconds(10)).get(0);
        assertThat(alert.alertId()).isEqualTo(alertId);
        assertThat(alert.rule()).isEqualTo(RuleId.OVERDOSE_SIGNS);
        assertThat(ackUrl).startsWith(platform.notificationUrl());

        // a token that is not the service's signature is refused and acknowledges nothing
        HttpResponse<String> forged = get(ackUrl.substring(0, ackUrl.length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isIn(400, 403);
        assertThat(forged.body()).contains("cannot be used");

        HttpResponse<String> page = get(ackUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"").contains("<button");
        String token = ackUrl.substring(ackUrl.indexOf("token=") + "token=".length());
        HttpResponse<String> pressed = HTTP.send(HttpRequest.newBuilder(URI.create(platform.notificationUrl()
                        + "/api/v1/alerts/" + alertId + "/ack"))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(
                        java.net.URLDecoder.decode(token, StandardCharsets.UTF_8), StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(200);
        assertThat(pressed.body()).contains("acknowledged by " + PHYSICIAN);

        // one reminder may already have been on its way when the button was pressed; after that, none
        long remindersAtAck = reminders(patient, subject);
        Thread.sleep(Platform.CRITICAL_REPEAT.multipliedBy(4).toMillis());
        assertThat(reminders(patient, subject)).isLessThanOrEqualTo(remindersAtAck + 1);

        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(platform.notificationUrl()
                + "/api/v1/alerts/" + alertId)).header("Authorization", "Bearer " + TestTokens.careTeam()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(log.body()).contains("\"alertId\":\"" + alertId + "\"")
                .contains("\"address\":\"" + PHYSICIAN + "\"").contains("\"status\":\"acknowledged\"")
                .contains("\"address\":\"sam@family.example\"").contains("\"status\":\"sent\"");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(platform.notificationUrl() + "/api/v1/alerts/"
                + alertId)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private long reminders(String patient, String subject) throws InterruptedException {
        return platform.mailsAbout(patient, 0, Duration.ZERO).stream()
                .filter(m -> Platform.subject(m).startsWith(subject + " (reminder ")).count();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
