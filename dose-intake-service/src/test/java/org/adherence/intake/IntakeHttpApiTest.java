package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.notNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.intake.clinic.Enrolments;
import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.intake.problem.EventNotDurableException;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The HTTP contract of intake: authentication, authorisation, validation and problem details. The publisher is
 * replaced here so that every refusal can be shown to publish nothing; {@link IntakeKafkaIntegrationTest}
 * covers publishing against a real broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "spring.kafka.admin.auto-create=false",
        "adherence.intake.max-body-size=256KB"})
@AutoConfigureMockMvc
class IntakeHttpApiTest {

    private static final String PATIENT = "p-123";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    EventPublisher publisher;

    /** Which clinic holds which patient: here, every patient is the test clinic's ({@code ClinicAccessHttpTest}). */
    @MockitoBean
    ProfileOwners owners;

    @MockitoBean
    Enrolments enrolments;

    @BeforeEach
    void publisherAcknowledges() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(publisher.publishAll(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(owners.isOwnedBy(any(), eq(TestTokens.CLINIC))).thenReturn(true);
        when(owners.mayEnrolOrUpdate(any(), eq(TestTokens.CLINIC))).thenReturn(true);
        when(enrolments.confirm(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void acceptsDoseFromThePatientsOwnApp() {
        String eventId = UUID.randomUUID().toString();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(1)).minusHours(1).truncatedTo(ChronoUnit.SECONDS);

        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + eventId + "\",\"drug\":\"Baclofen\",\"doseMg\":20,\"takenAt\":\"" + takenAt + "\"}");

        assertThat(result).hasStatus(202).bodyJson().isStrictlyEqualTo("{\"eventId\":\"" + eventId + "\"}");
        ArgumentCaptor<DoseTaken> published = ArgumentCaptor.forClass(DoseTaken.class);
        // with the sample started when the request arrived, so that its publish time counts from there
        verify(publisher).publish(eq(Topics.DOSE_EVENTS), eq(PATIENT), eq(eventId), published.capture(), notNull());
        DoseTaken dose = published.getValue();
        assertThat(dose).isEqualTo(DoseTaken.of(eventId, PATIENT, "baclofen", new BigDecimal("20"), takenAt,
                dose.receivedAt()));
        assertThat(dose.takenAt().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(dose.receivedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    }

    @Test
    void rejectsDoseFromAnotherPatientsApp() {
        MvcTestResult result = post("/api/v1/patients/p-999/doses", TestTokens.patientApp(PATIENT), validDose());

        assertThat(result).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail")
                .isEqualTo("This token may post events for patient p-123 only, not for patient p-999.");
        verifyNoInteractions(publisher);
    }

    @Test
    void careTeamTokenMayPostForItsClinicsPatient() {
        assertThat(post("/api/v1/patients/p-999/doses", TestTokens.careTeam(), validDose())).hasStatus(202);
    }

    @Test
    void rejectsRequestWithoutToken() {
        MvcTestResult result = mvc.post().uri("/api/v1/patients/p-123/doses")
                .contentType(MediaType.APPLICATION_JSON).content(validDose()).exchange();

        assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail")
                .isEqualTo("A bearer token is required (Authorization: Bearer <JWT>).");
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        String forged = TestTokens.sign("another-secret-that-is-long-enough-0123456789", PATIENT, "events:write",
                Instant.now().plusSeconds(600));

        assertThat(post("/api/v1/patients/p-123/doses", forged, validDose())).hasStatus(401);
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsExpiredToken() {
        String expired = TestTokens.sign(TestTokens.SECRET, PATIENT, "events:write", Instant.now().minusSeconds(600));

        assertThat(post("/api/v1/patients/p-123/doses", expired, validDose())).hasStatus(401);
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsPatientTokenPuttingAProfile() {
        assertThat(put("/api/v1/patients/p-123", TestTokens.patientApp(PATIENT), validProfile())).hasStatus(403);
        verifyNoInteractions(publisher);
    }

    @Test
    void namesEveryInvalidFieldOfADose() {
        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                "{\"drug\":\" \",\"doseMg\":-5,\"takenAt\":\"" + OffsetDateTime.now() + "\"}");

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("eventId", "drug", "doseMg");
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsUnknownSymptomCodeNamingItsIndex() {
        MvcTestResult result = post("/api/v1/patients/p-123/symptoms", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"HEADACHE\",\"ITCHY_TOES\"],"
                        + "\"observedAt\":\"" + OffsetDateTime.now().minusMinutes(1) + "\"}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("symptoms[1]");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
                .startsWith("'ITCHY_TOES' is not one of MUSCLE_WEAKNESS, BREATHLESSNESS");
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsNoteLongerThan500Characters() {
        MvcTestResult result = post("/api/v1/patients/p-123/symptoms", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"HEADACHE\"],\"observedAt\":\""
                        + OffsetDateTime.now().minusMinutes(1) + "\",\"note\":\"" + "x".repeat(501) + "\"}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("note");
    }

    @Test
    void rejectsEventsOutsideTheAcceptedTimeWindow() {
        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                dose(OffsetDateTime.now().minusDays(31))))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0]")
                .isEqualTo(java.util.Map.of("field", "takenAt", "message", "lies more than 30 days in the past"));
        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                dose(OffsetDateTime.now().plusMinutes(6))))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0]")
                .isEqualTo(java.util.Map.of("field", "takenAt", "message", "lies more than 5 minutes in the future"));
        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                dose(OffsetDateTime.now().minusDays(29)))).hasStatus(202);
    }

    @Test
    void rejectsTimeWithoutOffset() {
        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,"
                        + "\"takenAt\":\"2026-11-24T08:00:00\"}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("takenAt");
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesADrugNoRulePackCovers() {
        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"tizanidine\",\"doseMg\":4,\"takenAt\":\""
                        + OffsetDateTime.now().minusHours(1) + "\"}");

        assertThat(result).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(java.util.Map.of("field", "drug",
                "message", "'tizanidine' is covered by no rule pack; covered: baclofen"));
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsMalformedPatientId() {
        MvcTestResult result = post("/api/v1/patients/p!1/doses", TestTokens.careTeam(), validDose());

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(java.util.Map.of("field", "patientId",
                "message", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        assertThat(post("/api/v1/patients/p;1/doses", TestTokens.careTeam(), validDose()))
                .hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(post("/api/v1/patients/" + "p".repeat(65) + "/doses", TestTokens.careTeam(), validDose()))
                .hasStatus(400);
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsBodyThatIsNotJson() {
        MvcTestResult result = mvc.post().uri("/api/v1/patients/p-123/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                .contentType(MediaType.TEXT_PLAIN).content("20 mg at eight").exchange();

        assertThat(result).hasStatus(415).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsMalformedJson() {
        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT), "{\"drug\": ");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("$");
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsBodyLargerThanTheLimit() {
        String huge = "{\"doses\":[],\"symptoms\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

        MvcTestResult result = post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), huge);

        assertThat(result).hasStatus(413).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsChunkedBodyThatGrowsBeyondTheLimit(@org.springframework.beans.factory.annotation.Value(
            "${local.server.port}") int port) throws Exception {
        byte[] huge = ("{\"doses\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // a body from a stream has no declared length: it is sent chunked
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                + "/api/v1/patients/p-123/events:batch"))
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(huge)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).contains(
                MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        verifyNoInteractions(publisher);
    }

    @Test
    void answersUnknownPathWith404Problem() {
        MvcTestResult result = mvc.get().uri("/api/v1/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam()).exchange();

        assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void rejectsWholeBatchNamingEachBadItem() {
        String batch = "{\"doses\":[" + validDose() + ",{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"drug\":\"baclofen\",\"doseMg\":0,\"takenAt\":\"" + OffsetDateTime.now().minusHours(2) + "\"}],"
                + "\"symptoms\":[{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[],\"observedAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}]}";

        MvcTestResult result = post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), batch);

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("doses[1].doseMg", "symptoms[0].symptoms");
        verifyNoInteractions(publisher);
    }

    @Test
    void namesConstraintAndTimeWindowProblemsOfABatchTogether() {
        String batch = "{\"doses\":[{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"drug\":\"baclofen\",\"doseMg\":0,\"takenAt\":\"" + OffsetDateTime.now().minusHours(2)
                + "\"}," + dose(OffsetDateTime.now().minusDays(40)) + ",null],"
                + "\"symptoms\":[{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"FATIGUE\",null],"
                + "\"observedAt\":\"" + OffsetDateTime.now().minusHours(1) + "\"}]}";

        MvcTestResult result = post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), batch);

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(
                "doses[0].doseMg", "doses[2]", "symptoms[0].symptoms[1]", "doses[1].takenAt");
        verifyNoInteractions(publisher);
    }

    @Test
    void rejectsBatchOfMoreThan1000Items() {
        StringBuilder doses = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            doses.append(i == 0 ? "" : ",").append(validDose());
        }
        MvcTestResult result = mvc.post().uri("/api/v1/patients/p-123/events:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                .contentType(MediaType.APPLICATION_JSON).content("{\"doses\":[" + doses + "]}").exchange();

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].message")
                .isEqualTo("A batch holds at most 1000 items; this one has 1001.");
        verifyNoInteractions(publisher);
    }

    @Test
    void acceptsBatchWithOneResultPerItem() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String batch = "{\"doses\":[" + dose(first, OffsetDateTime.now().minusHours(3)) + "],"
                + "\"symptoms\":[{\"eventId\":\"" + second + "\",\"symptoms\":[\"FATIGUE\"],\"observedAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}]}";

        MvcTestResult result = post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), batch);

        assertThat(result).hasStatus(202).bodyJson().isStrictlyEqualTo("{\"results\":["
                + "{\"type\":\"dose\",\"index\":0,\"eventId\":\"" + first + "\",\"status\":\"ACCEPTED\"},"
                + "{\"type\":\"symptom\",\"index\":0,\"eventId\":\"" + second + "\",\"status\":\"ACCEPTED\"}]}");
    }

    @Test
    void answers503WithRetryAfterWhenTheEventIsNotDurable() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.failedFuture(
                new EventNotDurableException("Kafka did not acknowledge event x (no acknowledgement in time).", null)));

        MvcTestResult result = post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT), validDose());

        assertThat(result).hasStatus(503).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    @Test
    void publishesTheWholeProfile() {
        MvcTestResult result = put("/api/v1/patients/p-123", TestTokens.careTeam(), validProfile());

        assertThat(result).hasStatus(202);
        ArgumentCaptor<PatientProfileUpdated> published = ArgumentCaptor.forClass(PatientProfileUpdated.class);
        verify(publisher).publish(eq(Topics.PATIENT_PROFILES), eq(PATIENT), any(), published.capture(), notNull());
        PatientProfileUpdated profile = published.getValue();
        assertThat(profile).isEqualTo(PatientProfileUpdated.of(PATIENT, java.time.LocalDate.of(1979, 3, 14),
                java.time.ZoneId.of("Europe/Berlin"),
                List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN),
                        new CareTeamMember("Sam", "sam@family.example", CareTeamRole.CAREGIVER)),
                List.of(new Prescription("baclofen", new BigDecimal("10"), 3, java.time.LocalDate.of(2026, 11, 1),
                        null)),
                Set.of(Condition.EPILEPSY), Set.of(CoMedication.OPIOID), profile.updatedAt(), TestTokens.CLINIC));
    }

    @Test
    void namesInvalidProfileFields() {
        String profile = validProfile().replace("Europe/Berlin", "Mars/Olympus_Mons");

        assertThat(put("/api/v1/patients/p-123", TestTokens.careTeam(), profile)).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("timeZone");
        assertThat(put("/api/v1/patients/p-123", TestTokens.careTeam(),
                validProfile().replace("neuro@clinic.example", "not-an-address")))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("careTeam[0].email");
        assertThat(put("/api/v1/patients/p-123", TestTokens.careTeam(),
                validProfile().replace("\"PHYSICIAN\"", "\"SURGEON\"")))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("careTeam[0].role");
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesACareTeamWithoutAClinicianWhomNoCriticalReminderCouldReach() {
        String caregiversOnly = validProfile().replace("\"PHYSICIAN\"", "\"CAREGIVER\"");

        assertThat(put("/api/v1/patients/p-123", TestTokens.careTeam(), caregiversOnly)).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0]").isEqualTo(java.util.Map.of("field", "careTeam",
                        "message", "the care team must list at least one clinician (PHYSICIAN, NURSE or PHARMACIST)"));
        verifyNoInteractions(publisher);
    }

    private MvcTestResult post(String uri, String token, String body) {
        return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private MvcTestResult put(String uri, String token, String body) {
        return mvc.put().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String validDose() {
        return dose(OffsetDateTime.now().minusHours(1));
    }

    private static String dose(OffsetDateTime takenAt) {
        return dose(UUID.randomUUID().toString(), takenAt);
    }

    private static String dose(String eventId, OffsetDateTime takenAt) {
        return "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\"" + takenAt + "\"}";
    }

    static String validProfile() {
        return """
                {
                  "birthDate": "1979-03-14",
                  "timeZone": "Europe/Berlin",
                  "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                               {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                  "prescriptions": [{"drug": "baclofen", "doseMg": 10, "timesPerDay": 3, "startDate": "2026-11-01", "endDate": null}],
                  "conditions": ["EPILEPSY"],
                  "coMedications": ["OPIOID"]
                }""";
    }
}
