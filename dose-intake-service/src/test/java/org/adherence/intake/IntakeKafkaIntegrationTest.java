package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.adherence.contracts.Topics;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Intake against a real broker: what 202 promises is on the topic, what is refused is not; accepted events are
 * counted and timed, and each record goes on the request's trace, whose id is on the line logging it.
 */
@SpringBootTest(properties = "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET)
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class IntakeKafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @org.junit.jupiter.api.BeforeEach
    void ready() {
        Readiness.await(mvc);
    }

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
        enrol(patient);

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

        enrol(patient);
        assertThat(post("/api/v1/patients/" + patient + "/events:batch", TestTokens.careTeam(), batch))
                .hasStatus(202);

        String servers = KafkaTestBroker.bootstrapServers();
        assertThat(TopicReader.recordsForKey(servers, Topics.DOSE_EVENTS.name(), patient, f -> !f.isEmpty(), WAIT))
                .singleElement().extracting(ConsumerRecord::value).asString().contains("\"eventId\":\"" + dose + "\"");
        assertThat(TopicReader.recordsForKey(servers, Topics.SYMPTOM_EVENTS.name(), patient, f -> !f.isEmpty(), WAIT))
                .singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"eventId\":\"" + symptom + "\"", "\"symptoms\":[\"SEIZURE\"]", "\"note\":\"after lunch\"");
        assertThat(TopicReader.recordsForKey(servers, Topics.PATIENT_PROFILES.name(), patient, f -> !f.isEmpty(),
                WAIT)).singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"timeZone\":\"Europe/Berlin\"", "\"email\":\"neuro@clinic.example\"",
                        "\"role\":\"PHYSICIAN\"", "\"clinicId\":\"" + TestTokens.CLINIC + "\"");
    }

    @Test
    void countsAnAcceptedDoseAndProfileOnceEachAndTimesEachRequestUntilDurable() {
        String patient = "p-" + UUID.randomUUID();
        MeterCounts received = MeterCounts.received(registry);
        MeterCounts timed = MeterCounts.publishTimes(registry);

        assertThat(post("/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(1)))).hasStatus(202);
        assertThat(mvc.put().uri("/api/v1/patients/" + patient)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .contentType(MediaType.APPLICATION_JSON).content(IntakeHttpApiTest.validProfile())).hasStatus(202);

        assertThat(received.since()).isEqualTo(Map.of("dose accepted none", 1.0, "profile accepted none", 1.0));
        assertThat(timed.since()).isEqualTo(Map.of("dose durable", 1.0, "profile durable", 1.0));
    }

    @Test
    void countsEachEventOfAnAcceptedBatchUnderItsOwnTypeAndTimesTheBatchOnce() {
        String patient = "p-" + UUID.randomUUID();
        String batch = "{\"doses\":[" + dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(3))
                + "," + dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(2)) + "],"
                + "\"symptoms\":[" + symptoms(UUID.randomUUID().toString()) + "]}";
        enrol(patient);
        MeterCounts received = MeterCounts.received(registry);
        MeterCounts timed = MeterCounts.publishTimes(registry);

        assertThat(post("/api/v1/patients/" + patient + "/events:batch", TestTokens.careTeam(), batch))
                .hasStatus(202);

        assertThat(received.since()).isEqualTo(Map.of("dose accepted none", 2.0, "symptoms accepted none", 1.0));
        assertThat(timed.since()).isEqualTo(Map.of("batch durable", 1.0));
    }

    @Test
    void timesEachRequestFromItsArrivalAtIntakeNotFromThePublisher() {
        String patient = "p-" + UUID.randomUUID();
        // the producer is connected and knows the topics' leaders: what follows takes milliseconds, not seconds
        assertThat(post("/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(2)))).hasStatus(202);
        enrol(patient);
        double doseBefore = publishMillis("dose");
        double batchBefore = publishMillis("batch");

        assertThat(mvc.post().uri("/api/v1/patients/" + patient + "/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp(patient))
                .header(SlowBeforeTheController.HEADER, "true").contentType(MediaType.APPLICATION_JSON)
                .content(dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(1))))
                .hasStatus(202);
        assertThat(mvc.post().uri("/api/v1/patients/" + patient + "/events:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .header(SlowBeforeTheController.HEADER, "true").contentType(MediaType.APPLICATION_JSON)
                .content("{\"doses\":[" + dose(UUID.randomUUID().toString(), "10",
                        OffsetDateTime.now().minusHours(1)) + "]}"))
                .hasStatus(202);

        // the delay came after the request's arrival and before the publisher: it is part of each time
        assertThat(publishMillis("dose") - doseBefore).isGreaterThanOrEqualTo(SlowBeforeTheController.DELAY_MILLIS);
        assertThat(publishMillis("batch") - batchBefore).isGreaterThanOrEqualTo(SlowBeforeTheController.DELAY_MILLIS);
    }

    @Test
    void acceptedDoseCarriesTheRequestsTraceWhoseIdIsOnTheLineLoggingIt(CapturedOutput output) {
        String patient = "p-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();

        assertThat(post("/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                dose(eventId, "10", OffsetDateTime.now().minusHours(1)))).hasStatus(202);

        ConsumerRecord<String, String> record = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.DOSE_EVENTS.name(), patient, found -> !found.isEmpty(), WAIT).get(0);
        Matcher traceparent = TRACEPARENT.matcher(traceparent(record));
        assertThat(traceparent.matches()).as("W3C traceparent %s", traceparent(record)).isTrue();
        assertThat(linesNaming(eventId, output)).singleElement().asString()
                .matches(acceptedLine(traceparent.group(1), eventId, patient, "dose", record));
    }

    @Test
    void batchRecordsGoOnTheCallersTrace(CapturedOutput output) {
        String patient = "p-" + UUID.randomUUID();
        String dose = UUID.randomUUID().toString();
        String symptom = UUID.randomUUID().toString();
        String callersTrace = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String batch = "{\"doses\":[" + dose(dose, "10", OffsetDateTime.now().minusHours(3)) + "],"
                + "\"symptoms\":[" + symptoms(symptom) + "]}";
        enrol(patient);

        assertThat(mvc.post().uri("/api/v1/patients/" + patient + "/events:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .header("traceparent", "00-" + callersTrace + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON).content(batch)).hasStatus(202);

        String servers = KafkaTestBroker.bootstrapServers();
        ConsumerRecord<String, String> doseRecord = TopicReader.recordsForKey(servers, Topics.DOSE_EVENTS.name(),
                patient, found -> !found.isEmpty(), WAIT).get(0);
        ConsumerRecord<String, String> symptomRecord = TopicReader.recordsForKey(servers,
                Topics.SYMPTOM_EVENTS.name(), patient, found -> !found.isEmpty(), WAIT).get(0);
        assertThat(List.of(traceparent(doseRecord), traceparent(symptomRecord)))
                .allMatch(header -> header.matches("00-" + callersTrace + "-[0-9a-f]{16}-01"));
        assertThat(linesNaming(dose, output)).singleElement().asString()
                .matches(acceptedLine(callersTrace, dose, patient, "dose", doseRecord));
        assertThat(linesNaming(symptom, output)).singleElement().asString()
                .matches(acceptedLine(callersTrace, symptom, patient, "symptoms", symptomRecord));
    }

    @Test
    void prometheusShowsIntakeHttpAndKafkaProducerMetrics() {
        String patient = "p-" + UUID.randomUUID();
        assertThat(post("/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                dose(UUID.randomUUID().toString(), "10", OffsetDateTime.now().minusHours(1)))).hasStatus(202);

        MvcTestResult scrape = mvc.get().uri("/actuator/prometheus").exchange();

        assertThat(scrape).hasStatus(200).bodyText().containsPattern(Pattern.compile(
                "^adherence_events_received_total\\{application=\"dose-intake-service\",outcome=\"accepted\","
                        + "reason=\"none\",type=\"dose\"} [1-9]", Pattern.MULTILINE))
                .contains("adherence_events_received_total{application=\"dose-intake-service\",outcome=\"accepted\","
                        + "reason=\"none\",type=\"symptoms\"}")
                .contains("adherence_intake_publish_seconds_bucket{application=\"dose-intake-service\","
                        + "outcome=\"durable\",type=\"dose\",le=\"0.001\"}")
                .contains("http_server_requests_seconds_bucket{application=\"dose-intake-service\",error=\"none\","
                        + "exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"202\","
                        + "uri=\"/api/v1/patients/{patientId}/doses\",le=\"0.001\"}")
                .containsPattern(Pattern.compile("^kafka_producer_record_send_total\\{application=\"dose-intake-service\","
                        + "client_id=\"dose-intake-service-producer-\\d+\",.*} [1-9]", Pattern.MULTILINE));
    }

    private double publishMillis(String type) {
        return registry.get("adherence.intake.publish").tags("type", type, "outcome", "durable").timer()
                .totalTime(TimeUnit.MILLISECONDS);
    }

    /** The test clinic's care team puts the patient's profile: the patient is the clinic's from then on. */
    private void enrol(String patient) {
        assertThat(mvc.put().uri("/api/v1/patients/" + patient)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .contentType(MediaType.APPLICATION_JSON).content(IntakeHttpApiTest.validProfile())).hasStatus(202);
    }

    private MvcTestResult post(String uri, String token, String body) {
        return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static String dose(String eventId, String mg, OffsetDateTime takenAt) {
        return "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":" + mg + ",\"takenAt\":\""
                + takenAt + "\"}";
    }

    private static String symptoms(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"symptoms\":[\"FATIGUE\"],\"observedAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}";
    }

    /**
     * Stands for whatever takes time between a request's arrival and the publisher (authentication, a slow client's
     * body, parsing, checks): a request with {@link #HEADER} waits {@link #DELAY_MILLIS} after intake's outermost
     * filters, before Spring Security.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class SlowBeforeTheController {

        static final String HEADER = "X-Test-Slow";

        static final long DELAY_MILLIS = 300;

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> slowBeforeTheController() {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                    new OncePerRequestFilter() {

                        @Override
                        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                        FilterChain chain) throws ServletException, IOException {
                            if (request.getHeader(HEADER) != null) {
                                try {
                                    Thread.sleep(DELAY_MILLIS);
                                }
                                catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            chain.doFilter(request, response);
                        }
                    });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    private static String traceparent(ConsumerRecord<?, ?> record) {
        return new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
    }

    /** The lines naming the event, once there is one: logging is asynchronous, a line comes a moment after the 202. */
    private static List<String> linesNaming(String eventId, CapturedOutput output) {
        await().atMost(WAIT).until(() -> output.getOut().contains("eventId=" + eventId));
        return output.getOut().lines().filter(line -> line.contains("eventId=" + eventId)).toList();
    }

    /** The whole line, up to what differs from run to run: time, process id, thread, span id. */
    private static String acceptedLine(String traceId, String eventId, String patient, String type,
                                       ConsumerRecord<?, ?> record) {
        return "\\S+ +INFO \\d+ --- \\[[^\\]]+\\] "
                + Pattern.quote("[dose-intake-service," + traceId + ",") + "[0-9a-f]{16}\\] "
                + Pattern.quote("o.a.intake.publish.EventPublisher") + " +: "
                + Pattern.quote("Accepted eventId=" + eventId + " patientId=" + patient + " type=" + type
                + " topic=" + record.topic() + " partition=" + record.partition() + " offset=" + record.offset());
    }
}
