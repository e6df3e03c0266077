package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole platform as it runs: the three services as separate processes on one real Kafka broker and a real SMTP
 * server, driven only through the public contract (HTTP in, email out).
 */
@ExtendWith(Platform.Extension.class)
class WalkingSkeletonE2ETest {

    /** How emails write a time: in the patient's zone, named, with its offset. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV', 'xxx')'");

    private final Platform platform = Platform.get();

    @Test
    void aDoseAboveTheMaximumReachesEachCareTeamAddressAsOneExactEmail() throws Exception {
        String patient = "p-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(-3)).minusHours(1)
                .truncatedTo(ChronoUnit.MINUTES);

        assertThat(platform.send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(), """
                {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": [], "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        HttpResponse<String> posted = platform.send("POST", "/api/v1/patients/" + patient + "/doses",
                TestTokens.patientApp(patient), "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\","
                        + "\"doseMg\":25,\"takenAt\":\"" + takenAt + "\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(posted.body()).isEqualTo("{\"eventId\":\"" + eventId + "\"}");

        List<MimeMessage> received = platform.mailsAbout(patient, 2, Duration.ofSeconds(90));
        assertThat(received).as("two emails, one per care-team address; services' logs:\n%s", platform.logs())
                .hasSize(2);
        AlertRaised alert = platform.alertsOf(patient, found -> !found.isEmpty(), Duration.ofSeconds(10)).get(0);
        String expectedSubject = "[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patient;
        ZoneId zone = ZoneId.of("Europe/Berlin");
        String summaryTime = takenAt.atZoneSameInstant(zone).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm (xxx)"));
        String berlin = takenAt.atZoneSameInstant(zone).format(LOCAL);
        String expectedText = expectedSubject + "\n"
                + "\nSummary\n"
                + "25 mg of baclofen taken at " + summaryTime + "; the maximum single dose is 20 mg.\n"
                + "\nGuidance\n"
                + "Baclofen is taken as 5 to 20 mg per dose; a single dose above 20 mg is more than the guidance "
                + "allows.\n"
                + "\nEvidence\n"
                + "- Events: " + eventId + "\n"
                + "- Total: 25 mg\n"
                + "- Limit: 20 mg\n"
                + "- Window start: " + berlin + "\n"
                + "- Window end: " + berlin + "\n"
                + "\nDetails\n"
                + "- Patient: " + patient + "\n"
                + "- Raised: " + alert.raisedAt().atZone(zone).format(LOCAL) + "\n"
                + "- Rule pack: baclofen@1\n"
                + "- Alert id: " + UUID.nameUUIDFromBytes(("baclofen@1|SINGLE_DOSE_ABOVE_MAX|" + patient + "|"
                + eventId).getBytes(StandardCharsets.UTF_8)) + "\n";

        assertThat(received.stream().map(WalkingSkeletonE2ETest::onlyRecipient))
                .containsExactlyInAnyOrder("neuro@clinic.example", "sam@family.example");
        for (MimeMessage mail : received) {
            assertThat(mail.getSubject()).isEqualTo(expectedSubject);
            assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("alerts@adherence.local");
            assertThat(Platform.part(mail, "text/plain")).isEqualTo(expectedText);
            assertThat(Platform.part(mail, "text/html")).contains("<h1>[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patient
                    + "</h1>").doesNotContain("null");
        }

        // the same dose again is the same event: no new alert, no second email
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\"" + takenAt
                        + "\"}").statusCode()).isEqualTo(202);
        assertThat(platform.mailsAbout(patient, 3, Duration.ofSeconds(10))).hasSize(2);
    }

    private static String onlyRecipient(MimeMessage mail) {
        try {
            assertThat(mail.getRecipients(Message.RecipientType.TO)).hasSize(1);
            return ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
