package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * An acknowledgement later than {@code adherence.intake.publish-timeout} (here 1 ms, less than the producer's
 * {@code linger.ms} alone) gets a 503 from the JDK's delay thread, which has no trace of its own: the line naming
 * the event still carries the request's trace id.
 */
@SpringBootTest(properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "adherence.intake.publish-timeout=1ms"})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class LateAcknowledgementTest {

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void logsTheTimeoutOfADoseWithTheCallersTraceId(CapturedOutput output) {
        String eventId = UUID.randomUUID().toString();
        String callersTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

        assertThat(mvc.post().uri("/api/v1/patients/p-late/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.patientApp("p-late"))
                .header("traceparent", "00-" + callersTrace + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\""
                        + OffsetDateTime.now().minusHours(1) + "\"}")).hasStatus(503);

        // (logged asynchronously: a moment after the answer)
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut().lines()
                .filter(line -> line.contains("eventId=" + eventId))).isNotEmpty());
        assertThat(output.getOut().lines().filter(line -> line.contains("eventId=" + eventId)))
                .singleElement().asString().matches("\\S+ +WARN \\d+ --- \\[[^\\]]+\\] "
                        + Pattern.quote("[dose-intake-service," + callersTrace + ",") + "[0-9a-f]{16}\\] "
                        + Pattern.quote("o.a.intake.publish.EventPublisher") + " +: "
                        + Pattern.quote("Not durable: adherence.dose-events patientId=p-late eventId=" + eventId
                        + ": no acknowledgement in time"));
    }
}
