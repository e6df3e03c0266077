package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform as it runs: the three services as separate processes on one real Kafka broker and a real SMTP
 * server, driven only through the public contract (HTTP in, email out).
 */
class WalkingSkeletonE2ETest {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How emails write a time: in the patient's zone, named, with its offset. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV', 'xxx')'");

    private static GreenMail smtp;

    private static final List<ServiceProcess> services = new ArrayList<>();

    private static ServiceProcess intake;

    @BeforeAll
    static void startThePlatform() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        Path work = Path.of(System.getProperty("e2e.work-dir", "target/e2e"), UUID.randomUUID().toString());
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KafkaTestBroker.bootstrapServers(),
                "SPRING_MAIL_HOST", "localhost",
                "SPRING_MAIL_PORT", String.valueOf(smtp.getSmtp().getPort()),
                "ADHERENCE_SECURITY_JWT_HMAC_SECRET", TestTokens.SECRET,
                "ADHERENCE_RULES_STATE_DIR", work.resolve("rules-state").toAbsolutePath().toString());
        intake = ServiceProcess.start("dose-intake-service", work, environment);
        services.add(intake);
        services.add(ServiceProcess.start("rules-service", work, environment));
        services.add(ServiceProcess.start("notification-service", work, environment));
        for (ServiceProcess service : services) {
            service.awaitHealthy(STARTUP);
        }
    }

    @AfterAll
    static void stopThePlatform() throws Exception {
        for (ServiceProcess service : services) {
            service.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aDoseAboveTheMaximumReachesEachCareTeamAddressAsOneExactEmail() throws Exception {
        String patient = "p-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(-3)).minusHours(1)
                .truncatedTo(ChronoUnit.MINUTES);

        assertThat(send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(), """
                {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": [{"drug": "baclofen", "doseMg": 10, "timesPerDay": 3, "startDate": "2026-11-01"}],
                 "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        HttpResponse<String> posted = send("POST", "/api/v1/patients/" + patient + "/doses",
                TestTokens.patientApp(patient), "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\","
                        + "\"doseMg\":25,\"takenAt\":\"" + takenAt + "\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(posted.body()).isEqualTo("{\"eventId\":\"" + eventId + "\"}");

        assertThat(smtp.waitForIncomingEmail(Duration.ofSeconds(90).toMillis(), 2))
                .as("two emails, one per care-team address; services' logs:\n%s", logs()).isTrue();
        AlertRaised alert = ContractJson.mapper().readValue(TopicReader.recordsForKey(
                KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(), patient, found -> !found.isEmpty(),
                Duration.ofSeconds(10)).get(0).value(), AlertRaised.class);
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

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(Arrays.stream(received).map(WalkingSkeletonE2ETest::onlyRecipient))
                .containsExactlyInAnyOrder("neuro@clinic.example", "sam@family.example");
        for (MimeMessage mail : received) {
            assertThat(mail.getSubject()).isEqualTo(expectedSubject);
            assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("alerts@adherence.local");
            assertThat(part(mail, "text/plain")).isEqualTo(expectedText);
            assertThat(part(mail, "text/html")).contains("<h1>[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patient
                    + "</h1>").doesNotContain("null");
        }

        // the same dose again is the same event: no new alert, no second email
        assertThat(send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\"" + takenAt
                        + "\"}").statusCode()).isEqualTo(202);
        assertThat(smtp.waitForIncomingEmail(Duration.ofSeconds(10).toMillis(), 3)).isFalse();
    }

    private static HttpResponse<String> send(String method, String path, String token, String json)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(intake.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
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

    /** The content of the first part of a type, searching nested multiparts. */
    private static String part(jakarta.mail.Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return part.getContent().toString().replace("\r\n", "\n");
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        services.forEach(s -> all.append(s.logTail()).append("\n----\n"));
        return all.toString();
    }
}
