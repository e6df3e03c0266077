package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;

import org.adherence.intake.problem.EventNotDurableException;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Each refused request counts once in {@code adherence_events_received_total{outcome="rejected"}}, with the reason
 * its status stands for and the type of its path: also those refused before any controller (Spring Security's 401
 * and 403, the body-size filter's 413, the firewall's 400). Requests outside the API ({@code /actuator/**}, such as a
 * readiness probe's 503, or any other path) count nowhere here. The publisher is replaced, as in
 * {@link IntakeHttpApiTest} (the same context); {@link IntakeKafkaIntegrationTest} counts accepted events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "spring.kafka.admin.auto-create=false",
        "adherence.intake.max-body-size=256KB"})
@AutoConfigureMockMvc
class RefusedRequestMetricsTest {

    private static final String PATIENT = "p-123";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ApplicationContext context;

    @MockitoBean
    EventPublisher publisher;

    private MeterCounts counts;

    @BeforeEach
    void givenAnAcknowledgingPublisherAndTheCountsSoFar() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(publisher.publishAll(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        counts = MeterCounts.received(registry);
    }

    @Test
    void countsADoseWithoutTokenAsUnauthorized() {
        assertThat(mvc.post().uri("/api/v1/patients/p-123/doses").contentType(MediaType.APPLICATION_JSON)
                .content(dose("baclofen"))).hasStatus(401);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected unauthorized", 1.0));
    }

    @Test
    void countsARequestWithoutTokenToAnotherApiPathAsOther() {
        assertThat(mvc.get().uri("/api/v1/nothing-here")).hasStatus(401);

        assertThat(counts.since()).isEqualTo(Map.of("other rejected unauthorized", 1.0));
    }

    @Test
    void countsADoseForAnotherPatientAsForbidden() {
        assertThat(post("/api/v1/patients/p-999/doses", TestTokens.patientApp(PATIENT), dose("baclofen")))
                .hasStatus(403);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected forbidden", 1.0));
    }

    @Test
    void countsAProfileFromAPatientsAppAsForbidden() {
        assertThat(mvc.put().uri("/api/v1/patients/p-123")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                .contentType(MediaType.APPLICATION_JSON).content(IntakeHttpApiTest.validProfile())).hasStatus(403);

        assertThat(counts.since()).isEqualTo(Map.of("profile rejected forbidden", 1.0));
    }

    @Test
    void countsAnInvalidSymptomReportAsInvalid() {
        assertThat(post("/api/v1/patients/p-123/symptoms", TestTokens.patientApp(PATIENT),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[],\"observedAt\":\""
                        + OffsetDateTime.now().minusHours(1) + "\"}")).hasStatus(400);

        assertThat(counts.since()).isEqualTo(Map.of("symptoms rejected invalid", 1.0));
    }

    @Test
    void countsAUrlTheFirewallRefusesAsInvalid() {
        assertThat(post("/api/v1/patients/p;1/doses", TestTokens.careTeam(), dose("baclofen"))).hasStatus(400);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected invalid", 1.0));
    }

    @Test
    void countsABatchDeclaredLargerThanTheLimitAsTooLarge() {
        String huge = "{\"doses\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

        assertThat(post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), huge)).hasStatus(413);

        assertThat(counts.since()).isEqualTo(Map.of("batch rejected too_large", 1.0));
    }

    @Test
    void timesABatchDeclaredLargerThanTheLimitAmongTheHttpRequests() {
        MeterCounts httpRequests = MeterCounts.httpRequests(registry);
        String huge = "{\"doses\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

        assertThat(post("/api/v1/patients/p-123/events:batch", TestTokens.patientApp(PATIENT), huge)).hasStatus(413);

        // refused before Spring MVC, so without a route: what alerting on http_server_requests by status sees
        assertThat(httpRequests.since()).isEqualTo(Map.of("POST 413 UNKNOWN", 1.0));
    }

    @Test
    void countsAChunkedBatchThatGrowsBeyondTheLimitAsTooLarge(@Value("${local.server.port}") int port)
            throws Exception {
        byte[] huge = ("{\"doses\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        // a body from a stream has no declared length: it is sent chunked, and refused while it is read
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/patients/p-123/events:batch"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        // the client may read the answer before the server's filter has returned
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(counts.since()).isEqualTo(Map.of("batch rejected too_large", 1.0)));
    }

    @Test
    void countsABodyThatIsNotJsonAsUnsupportedMediaType() {
        assertThat(mvc.post().uri("/api/v1/patients/p-123/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(PATIENT))
                .contentType(MediaType.TEXT_PLAIN).content("20 mg at eight")).hasStatus(415);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected unsupported_media_type", 1.0));
    }

    @Test
    void countsADrugNoRulePackCoversAsUnsupportedDrug() {
        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT), dose("tizanidine")))
                .hasStatus(422);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected unsupported_drug", 1.0));
    }

    @Test
    void countsADoseKafkaDidNotAcknowledgeAsNotDurable() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.failedFuture(
                new EventNotDurableException("Kafka did not acknowledge event x (no acknowledgement in time).", null)));

        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT), dose("baclofen")))
                .hasStatus(503);

        assertThat(counts.since()).isEqualTo(Map.of("dose rejected not_durable", 1.0));
    }

    @Test
    void countsNoRefusalWhenReadinessAnswers503() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            // what the probes see while starting and during a graceful shutdown: no event was refused
            assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatus(503);
        }
        finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }

        assertThat(counts.since()).isEmpty();
    }

    @Test
    void countsNoRefusalForAnActuatorPathThatIsNotExposed() {
        assertThat(mvc.get().uri("/actuator/env")).hasStatus(401);
        assertThat(mvc.get().uri("/actuator/health/readiness/nothing-here")).hasStatus(404);

        assertThat(counts.since()).isEmpty();
    }

    @Test
    void countsNoRefusalForAPathOutsideTheApi() {
        assertThat(mvc.get().uri("/favicon.ico")).hasStatus(401);
        assertThat(mvc.post().uri("/foo").contentType(MediaType.APPLICATION_JSON).content("{}")).hasStatus(401);

        assertThat(counts.since()).isEmpty();
    }

    @Test
    void countsNoRefusalForAnAcceptedDoseOrAPathThatDoesNotExist() {
        assertThat(post("/api/v1/patients/p-123/doses", TestTokens.patientApp(PATIENT), dose("baclofen")))
                .hasStatus(202);
        assertThat(mvc.get().uri("/api/v1/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())).hasStatus(404);

        // accepted events are counted by the publisher once Kafka has them: replaced here
        assertThat(counts.since()).isEmpty();
    }

    private MvcTestResult post(String uri, String token, String body) {
        return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String dose(String drug) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"" + drug + "\",\"doseMg\":10,\"takenAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}";
    }
}
