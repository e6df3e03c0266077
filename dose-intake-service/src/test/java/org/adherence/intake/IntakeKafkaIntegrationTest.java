package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.adherence.contracts.Topics;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Intake against a real broker: what 202 promises is on the topic, what is refused is not. */
@SpringBootTest(properties = "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET)
@AutoConfigureMockMvc
class IntakeKafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void acceptedDoseIsOnTheTopicKeyedByPatientWithItsOffset() {
        String patient = "p-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(-5)).minusHours(2)
                .truncatedTo(ChronoUnit.SECONDS);

        MvcTestResult result = post("/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                dose(eventId, "25", takenAt));

        assertThat(result).hasStatus(202);
        List<ConsumerRecord<String, String>> records = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.DOSE_EVENTS.name(), patient, found -> !found.isEmpty(), WAIT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).startsWith("{\"schemaVersion\":1,\"eventId\":\"" + eventId
                + "\",\"patientId\":\"" + patient + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\""
                + takenAt.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")) + "-05:00\",\"receivedAt\":\"");
    }

    @Test
    void refusedBatchPublishesNothing() {
        String patient = "p-" + UUID.randomUUID();
        String goodInBadBatch = UUID.randomUUID().toString();
        String badBatch = "{\"doses\":[" + dose(goodInBadBatch, "10", OffsetDateTime.now().minusHours(3)) + ","
                + dose(UUID.randomUUID().toString(), "-1", OffsetDateTime.now().minusHours(2)) + "]}";
        String marker = UUID.randomUUID().toString();

        assertThat(post("/api/v1/patients/" + patient + "/events:batch", TestTokens.careTeam(), badBatch))
                .hasStatus(400);
        assertThat(post("/api/v1/patients/" + patient + "/doses", TestTokens.careTeam(),
                dose(marker, "10", OffsetDateTime.now().minusHours(1)))).hasStatus(202);

        // one patient's records share a partition, so anything published before the marker comes before it
        List<ConsumerRecord<String, String>> records = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.DOSE_EVENTS.name(), patient, found -> found.stream().anyMatch(r -> r.value().contains(marker)),
                WAIT);
        assertThat(records).extracting(r -> r.value().contains(marker)).containsExactly(true);
    }

    @Test
    void acceptedBatchAndProfileAreOnTheirTopics() {
        String patient = "p-" + UUID.randomUUID();
        String dose = UUID.randomUUID().toString();
        String symptom = UUID.randomUUID().toString();
        String batch = "{\"doses\":[" + dose(dose, "10", OffsetDateTime.now().minusHours(3)) + "],"
                + "\"symptoms\":[{\"eventId\":\"" + symptom + "\",\"symptoms\":[\"SEIZURE\"],\"observedAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\",\"note\":\"after lunch\"}]}";

        assertThat(post("/api/v1/patients/" + patient + "/events:batch", TestTokens.careTeam(), batch))
                .hasStatus(202);
        assertThat(mvc.put().uri("/api/v1/patients/" + patient)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .contentType(MediaType.APPLICATION_JSON).content(IntakeHttpApiTest.validProfile())).hasStatus(202);

        String servers = KafkaTestBroker.bootstrapServers();
        assertThat(TopicReader.recordsForKey(servers, Topics.DOSE_EVENTS.name(), patient, f -> !f.isEmpty(), WAIT))
                .singleElement().extracting(ConsumerRecord::value).asString().contains("\"eventId\":\"" + dose + "\"");
        assertThat(TopicReader.recordsForKey(servers, Topics.SYMPTOM_EVENTS.name(), patient, f -> !f.isEmpty(), WAIT))
                .singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"eventId\":\"" + symptom + "\"", "\"symptoms\":[\"SEIZURE\"]", "\"note\":\"after lunch\"");
        assertThat(TopicReader.recordsForKey(servers, Topics.PATIENT_PROFILES.name(), patient, f -> !f.isEmpty(),
                WAIT)).singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"timeZone\":\"Europe/Berlin\"", "\"email\":\"neuro@clinic.example\"",
                        "\"role\":\"PHYSICIAN\"");
    }

    private MvcTestResult post(String uri, String token, String body) {
        return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String dose(String eventId, String mg, OffsetDateTime takenAt) {
        return "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":" + mg + ",\"takenAt\":\""
                + takenAt + "\"}";
    }
}
