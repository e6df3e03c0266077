package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;

import org.adherence.intake.clinic.Enrolments;
import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The rate limits per token subject (CONTRACT.md, "Limits"), small here: beyond them a {@code 429} problem detail
 * with {@code Retry-After}, before the body is even read, nothing published, counted as {@code rate_limited}.
 */
@SpringBootTest(properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "spring.kafka.admin.auto-create=false",
        "adherence.intake.rate-limit.patient=3",
        "adherence.intake.rate-limit.care-team=2"})
@AutoConfigureMockMvc
class RateLimitTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @MockitoBean
    EventPublisher publisher;

    @MockitoBean
    ProfileOwners owners;

    @MockitoBean
    Enrolments enrolments;

    @BeforeEach
    void everythingElseSucceeds() {
        when(publisher.publish(any(), any(), any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(owners.isOwnedBy(any(), any())).thenReturn(true);
        when(owners.mayEnrolOrUpdate(any(), any())).thenReturn(true);
        when(enrolments.confirm(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void aPatientAppBeyondItsLimitGets429WithRetryAfterAndNothingIsPublished() {
        String patient = "p-" + UUID.randomUUID();
        String token = TestTokens.patientApp(patient);
        for (int i = 0; i < 3; i++) {
            assertThat(dose(patient, token)).hasStatus(202);
        }
        MeterCounts received = MeterCounts.received(registry);
        clearInvocations(publisher);

        MvcTestResult refused = dose(patient, token);

        assertThat(refused).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isBetween(1L, 20L);
        assertThat(refused).bodyJson().isLenientlyEqualTo("""
                {"status":429,"title":"Too many requests","instance":"/api/v1/patients/%s/doses"}""".formatted(patient));
        assertThat(refused).bodyJson().extractingPath("$.detail").asString()
                .startsWith("This token may make 3 requests a minute; nothing of this one was published.");
        verifyNoInteractions(publisher);
        assertThat(received.since()).isEqualTo(Map.of("dose rejected rate_limited", 1.0));
    }

    @Test
    void refusesBeforeTheBodyIsRead() {
        String patient = "p-" + UUID.randomUUID();
        String token = TestTokens.patientApp(patient);
        for (int i = 0; i < 3; i++) {
            assertThat(post(patient, token, "{not json")).hasStatus(400);
        }

        assertThat(post(patient, token, "{not json")).hasStatus(429);
    }

    @Test
    void oneSubjectOverItsLimitDoesNotSlowAnother() {
        String patient = "p-" + UUID.randomUUID();
        String other = "p-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            dose(patient, TestTokens.patientApp(patient));
        }

        assertThat(dose(other, TestTokens.patientApp(other))).hasStatus(202);
    }

    @Test
    void aCareTeamHasItsOwnLimitAcrossItsPatients() {
        String careTeam = TestTokens.careTeam("clinic-rate-" + UUID.randomUUID().toString().substring(0, 8));

        assertThat(dose("p-" + UUID.randomUUID(), careTeam)).hasStatus(202);
        assertThat(dose("p-" + UUID.randomUUID(), careTeam)).hasStatus(202);
        assertThat(dose("p-" + UUID.randomUUID(), careTeam)).hasStatus(429);
        verify(publisher, times(2)).publish(any(), any(), any(), any(), any());
    }

    @Test
    void aRequestWithoutValidTokenIsRefusedAs401NotCountedAgainstAnyone() {
        for (int i = 0; i < 5; i++) {
            assertThat(mvc.post().uri("/api/v1/patients/p-1/doses").contentType(MediaType.APPLICATION_JSON)
                    .content("{}").exchange()).hasStatus(401);
        }
        assertThat(dose("p-1", TestTokens.patientApp("p-1"))).hasStatus(202);
        verify(publisher).publish(any(), eq("p-1"), any(), any(), any());
    }

    private MvcTestResult dose(String patient, String token) {
        return post(patient, token, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,"
                + "\"takenAt\":\"" + OffsetDateTime.now().minusHours(1) + "\"}");
    }

    private MvcTestResult post(String patient, String token, String body) {
        return mvc.post().uri("/api/v1/patients/" + patient + "/doses")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
