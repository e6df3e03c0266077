package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * With no broker to acknowledge, intake answers 503 with Retry-After within its bound, never 202, and counts and
 * times the request as not durable.
 */
@SpringBootTest(properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "spring.kafka.admin.auto-create=false",
        "adherence.intake.publish-timeout=3s",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.delivery.timeout.ms=2000"})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class BrokerUnavailableTest {

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + closedPort);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    /** With no broker, the view of which clinic holds which patient never starts: here, any clinic may enrol. */
    @MockitoBean
    ProfileOwners owners;

    @Test
    void answers503WithRetryAfterWhenNoBrokerAcknowledges() {
        String body = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}";

        assertThat(mvc.post().uri("/api/v1/patients/p-1/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp("p-1"))
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .hasStatus(503)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    @Test
    void answersABatch503WithinOneBoundNotOneBoundPerItem() {
        StringBuilder doses = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            doses.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(UUID.randomUUID())
                    .append("\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\"")
                    .append(OffsetDateTime.now().minusHours(1)).append("\"}");
        }

        // one max.block.ms (1 s) per item would be 200 s; the contract asks for a bounded answer
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
                assertThat(mvc.post().uri("/api/v1/patients/p-1/events:batch")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp("p-1"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"doses\":[" + doses + "]}"))
                        .hasStatus(503)
                        .hasHeader(HttpHeaders.RETRY_AFTER, "5"));
    }

    @Test
    void countsAndTimesRequestsNoBrokerAcknowledgedAsNotDurable() {
        String dose = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,"
                + "\"takenAt\":\"" + OffsetDateTime.now().minusHours(1) + "\"}";
        MeterCounts received = MeterCounts.received(registry);
        MeterCounts timed = MeterCounts.publishTimes(registry);

        assertThat(mvc.post().uri("/api/v1/patients/p-1/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp("p-1"))
                .contentType(MediaType.APPLICATION_JSON).content(dose)).hasStatus(503);
        assertThat(mvc.post().uri("/api/v1/patients/p-1/events:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp("p-1"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"doses\":[" + dose + "]}")).hasStatus(503);

        assertThat(received.since()).isEqualTo(Map.of("dose rejected not_durable", 1.0,
                "batch rejected not_durable", 1.0));
        assertThat(timed.since()).isEqualTo(Map.of("dose not_durable", 1.0, "batch not_durable", 1.0));
    }

    @Test
    void logsAFailedSendWithoutTheHealthDataOfItsRecord(CapturedOutput output) {
        when(owners.mayEnrolOrUpdate(any(), any())).thenReturn(true);

        assertThat(mvc.put().uri("/api/v1/patients/p-1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.careTeam())
                .contentType(MediaType.APPLICATION_JSON).content(IntakeHttpApiTest.validProfile())).hasStatus(503);

        // the failed send is logged (by the template's producer listener) and named by patient, nothing more: Boot's
        // listener would add the start of the record, which is the patient's birth date
        // (logged asynchronously: a moment after the answer)
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .contains("Exception thrown when sending a message")
                .contains("Not durable: adherence.patient-profiles patientId=p-1 eventId=profile"));
        assertThat(output.getOut()).doesNotContain("1979-03-14").doesNotContain("birthDate");
    }
}
