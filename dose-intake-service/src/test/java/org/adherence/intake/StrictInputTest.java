package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.adherence.intake.clinic.Enrolments;
import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.http.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Bad input gets its own error, as a problem detail naming the field, and publishes nothing: no value is coerced into
 * another type, no field is ignored or given twice, the body is UTF-8, what an answer quotes of the request is
 * bounded, and the container's own refusals (bad URLs, bodies cut short, TRACE) are problem details too. The same
 * application context as {@link IntakeHttpApiTest} (same settings, same replaced publisher).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "spring.kafka.admin.auto-create=false",
        "adherence.intake.max-body-size=256KB"})
@AutoConfigureMockMvc
class StrictInputTest {

    private static final String PATIENT = "p-123";

    private static final String DOSES = "/api/v1/patients/" + PATIENT + "/doses";

    private static final String SYMPTOMS = "/api/v1/patients/" + PATIENT + "/symptoms";

    private static final String PROFILE = "/api/v1/patients/" + PATIENT;

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    EventPublisher publisher;

    /** Every patient is the test clinic's, as in {@link IntakeHttpApiTest}. */
    @MockitoBean
    ProfileOwners owners;

    @MockitoBean
    Enrolments enrolments;

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void publisherAcknowledges() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(publisher.publishAll(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(owners.isOwnedBy(any(), eq(TestTokens.CLINIC))).thenReturn(true);
        when(owners.mayEnrolOrUpdate(any(), eq(TestTokens.CLINIC))).thenReturn(true);
        when(enrolments.confirm(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    // ------------------------------------------------------------------------------------ nothing is coerced

    @Test
    void refusesANumberAsABirthDateInsteadOfReadingItAsDaysSince1970() {
        assertRefused(put(profile().replace("\"1979-03-14\"", "123")), "birthDate",
                "has the wrong type: expected date, e.g. 1979-03-14");
    }

    @Test
    void refusesADateAsAnArrayOfNumbers() {
        assertRefused(put(profile().replace("\"1979-03-14\"", "[1979, 3, 14]")), "birthDate",
                "has the wrong type: expected date, e.g. 1979-03-14");
    }

    @Test
    void refusesAConditionByIndexInsteadOfReadingTheEnumConstantAtThatPosition() {
        MvcTestResult result = put(profile().replace("[\"EPILEPSY\"]", "[1]"));

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("conditions[0]");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
                .startsWith("'1' is not one of ");
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesAFractionOfTimesPerDayInsteadOfCuttingItToAWholeNumber() {
        assertRefused(put(profile().replace("\"timesPerDay\": 3", "\"timesPerDay\": 2.9")),
                "prescriptions[0].timesPerDay", "'2.9' is not a valid whole number.");
    }

    @Test
    void refusesANumberTooLargeForTimesPerDay() {
        assertRefused(put(profile().replace("\"timesPerDay\": 3", "\"timesPerDay\": 99999999999")),
                "prescriptions[0].timesPerDay", "is out of range for whole number.");
    }

    @Test
    void namesAMissingTimesPerDayWithTheOtherInvalidFields() {
        MvcTestResult result = put(profile().replace("\"timesPerDay\": 3, ", "").replace("\"doseMg\": 10",
                "\"doseMg\": 0.0001"));

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactlyInAnyOrder(
                "prescriptions[0].timesPerDay", "prescriptions[0].doseMg");
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesAStringAsADose() {
        assertRefused(post(DOSES, dose().replace("\"doseMg\":10", "\"doseMg\":\"5\"")), "doseMg",
                "has the wrong type: expected number");
    }

    @Test
    void refusesANumberOrABooleanAsANote() {
        assertRefused(post(SYMPTOMS, symptoms("123")), "note",
                "'123' is not a valid text (a JSON string of well-formed Unicode).");
        assertRefused(post(SYMPTOMS, symptoms("true")), "note",
                "'true' is not a valid text (a JSON string of well-formed Unicode).");
    }

    @Test
    void refusesATimeAsAnEpochNumberOrAsDigits() {
        assertRefused(post(DOSES, dose().replaceAll("\"takenAt\":\"[^\"]+\"", "\"takenAt\":1764000000")),
                "takenAt", "has the wrong type: expected date-time with an offset, e.g. 2026-11-24T08:00:00+01:00");
        assertRefused(post(DOSES, dose().replaceAll("\"takenAt\":\"[^\"]+\"", "\"takenAt\":\"1764000000\"")),
                "takenAt", "'1764000000' is not a valid date-time with an offset, e.g. 2026-11-24T08:00:00+01:00.");
    }

    @Test
    void refusesAnEmptyStringAsAnEventId() {
        assertRefused(post(DOSES, dose().replaceAll("\"eventId\":\"[^\"]+\"", "\"eventId\":\"\"")), "eventId",
                "has the wrong type: expected UUID, e.g. 0b6b6c7e-5d0e-4c1a-9a57-3c1f0f5e8a11");
    }

    // -------------------------------------------------------------------- no field ignored, none given twice

    @Test
    void refusesAFieldTheContractDoesNotName() {
        MvcTestResult result = post(SYMPTOMS, symptoms("\"dizzy\"").replace("\"note\"", "\"notes\""));

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(Map.of("field", "notes",
                "message", "is not a field of this request; its fields are eventId, note, observedAt, symptoms."));
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesAFieldGivenTwiceNamingIt() {
        assertRefused(post(DOSES, dose().replace("\"doseMg\":10", "\"doseMg\":5,\"doseMg\":50")), "doseMg",
                "appears more than once in its object; give each field once.");
        assertRefused(put(profile().replace("\"timesPerDay\": 3", "\"timesPerDay\": 3, \"timesPerDay\": 4")),
                "prescriptions[0].timesPerDay", "appears more than once in its object; give each field once.");
    }

    @Test
    void refusesNullElementsOfEveryList() {
        assertThat(put(profile().replace("[\"EPILEPSY\"]", "[\"EPILEPSY\", null]"))).hasStatus(400);
        assertThat(put(profile().replace("[\"OPIOID\"]", "[null]"))).hasStatus(400);
        assertThat(put(profile().replace("\"careTeam\": [", "\"careTeam\": [null, "))).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("careTeam[0]");
        assertThat(put(profile().replace("\"prescriptions\": [", "\"prescriptions\": [null, "))).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("prescriptions[0]");
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesACareTeamAddressWithAPipeWhichWouldCollideWithNotificationsKeys() {
        assertRefused(put(profile().replace("sam@family.example", "reminder-1|neuro@clinic.example")),
                "careTeam[1].email", "must not contain '|'");
    }

    // ------------------------------------------------------------------------------------------ UTF-8 only

    @Test
    void refusesABodyThatIsNotValidUtf8() {
        for (byte[] invalid : new byte[][] {
                {(byte) 0xC0, (byte) 0xAF},                          // an overlong '/'
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // a UTF-16 surrogate, encoded
                {(byte) 0x80},                                      // a continuation byte alone
                {(byte) 0xE2, (byte) 0x82}}) {                      // cut short
            byte[] body = bytes(symptoms("\"caf\""), invalid, "\"}");
            MvcTestResult result = mvc.post().uri(SYMPTOMS).header(HttpHeaders.AUTHORIZATION, patientToken())
                    .contentType(MediaType.APPLICATION_JSON).content(body).exchange();

            assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("$");
            assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
                    .startsWith("The body is not valid UTF-8 (from byte ");
        }
        verifyNoInteractions(publisher);
    }

    @Test
    void refusesTextWithALoneSurrogate() {
        assertRefused(post(SYMPTOMS, symptoms("\"dizzy \\ud800\"")), "note",
                "'dizzy \ud800' is not a valid text (a JSON string of well-formed Unicode).");
    }

    @Test
    void acceptsTextBeyondTheBasicPlaneAsUtf8() {
        assertThat(post(SYMPTOMS, symptoms("\"dizzy \uD83D\uDE35 since noon\""))).hasStatus(202);
    }

    @Test
    void refusesABodyInAnotherCharsetAs415() {
        MvcTestResult result = mvc.post().uri(SYMPTOMS).header(HttpHeaders.AUTHORIZATION, patientToken())
                .contentType("application/json;charset=ISO-8859-1")
                .content(symptoms("\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1)).exchange();

        assertThat(result).hasStatus(415).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(post(SYMPTOMS, "application/json;charset=no-such-charset", symptoms("\"x\""))).hasStatus(415);
        verifyNoInteractions(publisher);
    }

    // ------------------------------------------------------------------------------ what answers quote of it

    @Test
    void quotesAFewDozenCharactersOfA64kEventIdNotAllOfIt() {
        MvcTestResult result = post(DOSES, dose().replaceAll("\"eventId\":\"[^\"]+\"",
                "\"eventId\":\"" + "a".repeat(65536) + "\""));

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("'" + "a".repeat(64)
                + "...(65536 characters)' is not a valid UUID, e.g. 0b6b6c7e-5d0e-4c1a-9a57-3c1f0f5e8a11.");
        assertThat(result.getResponse().getContentAsByteArray().length).isLessThan(1000);
    }

    @Test
    void namesALongPathByItsStartOnly() {
        String id = "p".repeat(7000);

        MvcTestResult result = post("/api/v1/patients/" + id + "/doses", dose());

        assertThat(result).hasStatus(400).bodyJson().extractingPath("$.instance").asString()
                .isEqualTo("/api/v1/patients/" + "p".repeat(200 - "/api/v1/patients/".length()) + "...");
        verifyNoInteractions(publisher);
    }

    // -------------------------------------------------------- refused by the container: problem details too

    @ParameterizedTest
    @ValueSource(strings = {"p%001", "p%2F1", "p%5C1", "p%FF1", "p|1", "p%C0%AF"})
    void answersAnIdTomcatRefusesWithAProblemDetail(String id) {
        RawHttp.Answer answer = raw("POST", "/api/v1/patients/" + id + "/doses", json(), dose().getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.text()).contains("\"status\":400").contains("\"title\":\"Bad Request\"");
        verifyNoInteractions(publisher);
    }

    @Test
    void answersAnIdOf10000CharactersWithAProblemDetail() {
        RawHttp.Answer answer = raw("POST", "/api/v1/patients/" + "p".repeat(10_000) + "/doses", json(),
                dose().getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.body().length).isLessThan(1000);
    }

    @Test
    void answersTraceWithAProblemDetail() {
        RawHttp.Answer answer = raw("TRACE", DOSES, Map.of(HttpHeaders.AUTHORIZATION, patientToken()), new byte[0]);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.text()).contains("\"status\":405");
    }

    @Test
    void answersConnectWith405NotTomcats501() {
        RawHttp.Answer answer = raw("CONNECT", "localhost:" + port, Map.of(HttpHeaders.AUTHORIZATION, patientToken()),
                new byte[0]);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @Test
    void answersATransferCodingTomcatDoesNotKnowWith400NotItsOwn501() {
        Map<String, String> headers = json();
        headers.put("Transfer-Encoding", "gzip, chunked");

        RawHttp.Answer answer = raw("POST", DOSES, headers, "2\r\n{}\r\n0\r\n\r\n".getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        verifyNoInteractions(publisher);
    }

    @Test
    void answersABodyShorterThanItsLengthWithAProblemDetail() {
        Map<String, String> headers = json();
        headers.put(HttpHeaders.CONTENT_LENGTH, "500");

        RawHttp.Answer answer = raw("POST", DOSES, headers, "{\"eventId\":\"5f0c".getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        verifyNoInteractions(publisher);
    }

    @Test
    void answersABrokenChunkedBodyWithAProblemDetail() {
        Map<String, String> headers = json();
        headers.put("Transfer-Encoding", "chunked");

        RawHttp.Answer answer = raw("POST", DOSES, headers, "zz\r\n{}\r\n0\r\n\r\n".getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        verifyNoInteractions(publisher);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertRefused(MvcTestResult result, String field, String message) {
        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(
                java.util.List.of(Map.of("field", field, "message", message)));
        verifyNoInteractions(publisher);
    }

    private RawHttp.Answer raw(String method, String target, Map<String, String> headers, byte[] body) {
        return new RawHttp("localhost", port, Duration.ofSeconds(30)).send(method, target, headers, body);
    }

    private static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.AUTHORIZATION, patientToken());
        headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        return headers;
    }

    private MvcTestResult post(String uri, String body) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, body);
    }

    private MvcTestResult post(String uri, String contentType, String body) {
        return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, patientToken()).contentType(contentType)
                .content(body).exchange();
    }

    private MvcTestResult put(String body) {
        return mvc.put().uri(PROFILE).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String patientToken() {
        return "Bearer " + TestTokens.patientApp(PATIENT);
    }

    private static String dose() {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\""
                + OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    /** A symptom report whose note is the given JSON value. */
    private static String symptoms(String note) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"DIZZINESS\"],\"observedAt\":\""
                + OffsetDateTime.now().minusMinutes(5).truncatedTo(ChronoUnit.SECONDS) + "\",\"note\":" + note + "}";
    }

    private static byte[] bytes(String start, byte[] middle, String end) {
        byte[] head = start.substring(0, start.length() - 2).getBytes(StandardCharsets.UTF_8);
        byte[] tail = end.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    private static String profile() {
        return IntakeHttpApiTest.validProfile();
    }
}
