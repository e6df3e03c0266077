package org.adherence.security;

import java.time.Instant;

import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HS256 dev key with an issuer and an audience configured: every way a token can be wrong is a 401 problem
 * detail, a care team's token without its clinic a 403, and only a token right in every respect gets through.
 */
@SpringBootTest(classes = SecuredTestApplication.class, properties = {
        "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
        "adherence.security.jwt.issuer=" + TestTokens.ISSUER,
        "adherence.security.jwt.audience=" + TestTokens.INTAKE_AUDIENCE})
@AutoConfigureMockMvc
class TokenCheckTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void letsARightTokenThroughWithItsSubjectAndClinic() {
        MvcTestResult result = get("/api/v1/whoami", TestTokens.careTeam("clinic-a"));

        assertThat(result).hasStatus(200).bodyJson()
                .isStrictlyEqualTo("{\"subject\":\"care-team-clinic-a\",\"clinic\":\"clinic-a\"}");
    }

    @Test
    void refusesARequestWithoutTokenAsAProblemDetail() {
        MvcTestResult result = mvc.get().uri("/api/v1/whoami").exchange();

        assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"status":401,"title":"Unauthorized","instance":"/api/v1/whoami",
                 "detail":"A bearer token is required (Authorization: Bearer <JWT>)."}""");
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write")
                .secret("another-secret-that-is-long-enough-0123456789").sign(), "signature");
    }

    @Test
    void refusesAnUnsignedToken() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write").unsigned(), "");
    }

    @Test
    void refusesATokenWithoutExpiry() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write").expiresAt(null).sign(), "exp");
    }

    @Test
    void refusesAnExpiredToken() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write")
                .expiresAt(Instant.now().minusSeconds(600)).sign(), "expired");
    }

    @Test
    void refusesATokenOfAnotherIssuer() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write").issuer("https://evil.example").sign(),
                "iss");
    }

    @Test
    void refusesATokenMeantForTheOtherService() {
        assertRefused(TestTokens.token().subject("p-1").scope("events:write")
                .audiences(TestTokens.NOTIFICATION_AUDIENCE).sign(), "aud");
        assertRefused(TestTokens.token().subject("p-1").scope("events:write").audiences().sign(), "aud");
    }

    @Test
    void refusesATokenWithoutSubject() {
        assertRefused(TestTokens.token().scope("events:write").sign(), "sub");
    }

    @Test
    void refusesACareTeamTokenThatNamesNoClinicOrAnInvalidOne() {
        for (String token : new String[] {
                TestTokens.token().subject("ct").scope("patients:write").sign(),
                TestTokens.token().subject("ct").scope("care-team:read").sign(),
                // a clinician's console token: acknowledging is a care team's right too
                TestTokens.token().subject("ct").scope("alerts:acknowledge").sign(),
                TestTokens.token().subject("ct").scope("patients:write").clinic("clinic a/../b").sign()}) {
            MvcTestResult result = get("/api/v1/whoami", token);

            assertThat(result).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.detail").asString()
                    .startsWith("A care-team token (scope patients:write, care-team:read or alerts:acknowledge) must "
                            + "name its clinic");
        }
    }

    @Test
    void anAcknowledgingCliniciansTokenIsACareTeamsWithItsClinic() {
        MvcTestResult result = get("/api/v1/whoami", TestTokens.token().subject("physician")
                .scope("openid care-team:read alerts:acknowledge").clinic("clinic-a").sign());

        assertThat(result).hasStatus(200).bodyJson()
                .isStrictlyEqualTo("{\"subject\":\"physician\",\"clinic\":\"clinic-a\"}");
        assertThat(Caller.of(new TestingAuthenticationToken("physician", null, Scopes.ALERTS_ACKNOWLEDGE))
                .isCareTeam()).isTrue();
    }

    @Test
    void aPatientAppsTokenNeedsNoClinicButGetsNoCareTeamRights() {
        assertThat(get("/api/v1/whoami", TestTokens.patientApp("p-1"))).hasStatus(200);
        assertThat(get("/api/v1/care-team-only", TestTokens.patientApp("p-1"))).hasStatus(403)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(get("/api/v1/care-team-only", TestTokens.careTeam("clinic-a"))).hasStatus(200);
    }

    @Test
    void leavesHealthOpenAndEveryOtherActuatorPathClosed() {
        assertThat(mvc.get().uri("/actuator/health").exchange()).hasStatus(200);
        assertThat(mvc.get().uri("/actuator/env").exchange()).hasStatus(401);
    }

    private void assertRefused(String token, String detailMentions) {
        MvcTestResult result = get("/api/v1/whoami", token);

        assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .startsWith("The bearer token is not valid: ").contains(detailMentions);
    }

    private MvcTestResult get(String path, String token) {
        return mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }
}
