package org.adherence.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real authorization-code flow over HTTP (form login with CSRF, authorize, code from the redirect, token
 * exchange with HTTP Basic), and what the console and the platform's services get from it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "adherence.dev-idp.console-client-secret=" + DevIdentityProviderFlowTest.CLIENT_SECRET,
        "adherence.dev-idp.user-password=" + DevIdentityProviderFlowTest.PASSWORD,
        "adherence.security.jwt.hmac-secret=" + DevIdentityProviderFlowTest.HMAC_SECRET})
class DevIdentityProviderFlowTest {

    static final String CLIENT_SECRET = "flow-test-console-secret-7Qx";

    static final String PASSWORD = "flow-test-password-42Zk";

    static final String HMAC_SECRET = "flow-test-hmac-key-9fJ2mQ7xW4pL8sT1vB6nC3";

    static final String ISSUER = "http://localhost:9000";

    static final String ALL_SCOPES = "openid profile email care-team:read alerts:acknowledge";

    @LocalServerPort
    int port;

    AuthorizationCodeFlow flow;

    @BeforeEach
    void newBrowser() {
        flow = new AuthorizationCodeFlow(port);
    }

    @Test
    void physicianGetsAnHs256AccessTokenTheServicesAcceptWithBothCareTeamScopesAndTheClaims() throws Exception {
        String code = flow.authorize("physician", PASSWORD, ALL_SCOPES, true);
        Map<String, Object> tokens = flow.exchange(code, CLIENT_SECRET);

        assertThat(tokens).containsEntry("token_type", "Bearer").containsKeys("access_token", "id_token",
                "refresh_token");
        assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(590L, 600L);
        assertThat(scopes(tokens.get("scope"))).contains("care-team:read", "alerts:acknowledge");

        SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
        assertThat(access.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(access.verify(new MACVerifier(HMAC_SECRET.getBytes(StandardCharsets.UTF_8))))
                .as("signed with adherence.security.jwt.hmac-secret").isTrue();
        assertThat(access.verify(new MACVerifier("another-key-of-at-least-32-bytes-xyz".getBytes(
                StandardCharsets.UTF_8)))).isFalse();
        JWTClaimsSet claims = access.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("physician");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getStringClaim("clinic")).isEqualTo("dev-clinic");
        assertThat(claims.getStringClaim("role")).isEqualTo("PHYSICIAN");
        assertThat(claims.getStringClaim("email")).isEqualTo("neuro@clinic.example");
        assertThat(claims.getStringClaim("name")).isEqualTo("Dr. Dana Rivera");
        // one space-separated string, as the platform's tokens have it
        assertThat(claims.getClaim("scope")).isInstanceOf(String.class);
        assertThat(scopes(claims.getClaim("scope"))).contains("care-team:read", "alerts:acknowledge");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .as("10 minutes").isEqualTo(600_000L);

        SignedJWT id = SignedJWT.parse((String) tokens.get("id_token"));
        assertThat(id.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWK published = publishedKey(id.getHeader().getKeyID());
        assertThat(id.verify(new RSASSAVerifier(published.toRSAKey()))).as("verified with the JWK set's key")
                .isTrue();
        JWTClaimsSet idClaims = id.getJWTClaimsSet();
        assertThat(idClaims.getSubject()).isEqualTo("physician");
        assertThat(idClaims.getIssuer()).isEqualTo(ISSUER);
        assertThat(idClaims.getAudience()).containsExactly("care-console");
        assertThat(idClaims.getStringClaim("nonce")).isEqualTo(flow.nonce);
        assertThat(idClaims.getStringClaim("clinic")).isEqualTo("dev-clinic");
        assertThat(idClaims.getStringClaim("role")).isEqualTo("PHYSICIAN");
        assertThat(idClaims.getStringClaim("email")).isEqualTo("neuro@clinic.example");
        assertThat(idClaims.getStringClaim("name")).isEqualTo("Dr. Dana Rivera");
    }

    @Test
    void caregiverNeverGetsAlertsAcknowledgeEvenWhenTheClientAsksForIt() throws Exception {
        String code = flow.authorize("caregiver", PASSWORD, ALL_SCOPES, false);
        Map<String, Object> tokens = flow.exchange(code, CLIENT_SECRET);

        assertThat(scopes(tokens.get("scope"))).contains("care-team:read").doesNotContain("alerts:acknowledge");
        JWTClaimsSet access = verifiedAccessToken(tokens);
        assertThat(scopes(access.getClaim("scope"))).contains("care-team:read").doesNotContain("alerts:acknowledge");
        assertThat(access.getStringClaim("role")).isEqualTo("CAREGIVER");
        assertThat(access.getStringClaim("clinic")).isEqualTo("dev-clinic");
        assertThat(access.getStringClaim("email")).isEqualTo("sam@family.example");

        // nor after a refresh
        Map<String, Object> refreshed = flow.refresh((String) tokens.get("refresh_token"), CLIENT_SECRET);
        assertThat(scopes(refreshed.get("scope"))).doesNotContain("alerts:acknowledge");
        assertThat(scopes(verifiedAccessToken(refreshed).getClaim("scope"))).contains("care-team:read")
                .doesNotContain("alerts:acknowledge");
    }

    @Test
    void nurseMayAcknowledge() throws Exception {
        JWTClaimsSet access = verifiedAccessToken(flow.exchange(
                flow.authorize("nurse", PASSWORD, ALL_SCOPES, true), CLIENT_SECRET));
        assertThat(scopes(access.getClaim("scope"))).contains("care-team:read", "alerts:acknowledge");
        assertThat(access.getStringClaim("role")).isEqualTo("NURSE");
        assertThat(access.getStringClaim("email")).isEqualTo("nurse@clinic.example");
    }

    @Test
    void otherPhysicianBelongsToTheOtherClinic() throws Exception {
        Map<String, Object> tokens = flow.exchange(flow.authorize("other-physician", PASSWORD, ALL_SCOPES, true),
                CLIENT_SECRET);
        JWTClaimsSet access = verifiedAccessToken(tokens);
        assertThat(access.getSubject()).isEqualTo("other-physician");
        assertThat(access.getStringClaim("clinic")).isEqualTo("dev-clinic-2");
        assertThat(access.getStringClaim("role")).isEqualTo("PHYSICIAN");
        assertThat(access.getStringClaim("email")).isEqualTo("doctor@other-clinic.example");
        assertThat(SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("clinic"))
                .isEqualTo("dev-clinic-2");
    }

    @Test
    void userInfoAnswersTheHs256AccessTokenWithTheCareTeamClaims() throws Exception {
        Map<String, Object> tokens = flow.exchange(flow.authorize("physician", PASSWORD, ALL_SCOPES, true),
                CLIENT_SECRET);
        HttpResponse<String> userInfo = flow.getWithBearer("/userinfo", (String) tokens.get("access_token"));
        assertThat(userInfo.statusCode()).as(userInfo.body()).isEqualTo(200);
        assertThat(AuthorizationCodeFlow.json(userInfo.body()))
                .containsEntry("sub", "physician")
                .containsEntry("clinic", "dev-clinic")
                .containsEntry("role", "PHYSICIAN")
                .containsEntry("email", "neuro@clinic.example")
                .containsEntry("name", "Dr. Dana Rivera");
    }

    @Test
    void aWrongPasswordOrClientSecretGetsNothing() throws Exception {
        assertThat(flow.loginFails("physician", "not-the-password")).endsWith("/login?error");

        String code = flow.authorize("physician", PASSWORD, ALL_SCOPES, false);
        HttpResponse<String> refused = flow.tokenEndpoint(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", AuthorizationCodeFlow.CONSOLE_REDIRECT_URI), "wrong-console-secret-123");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain("access_token");
    }

    @Test
    void jwkSetPublishesOnlyTheRsaPublicKeyNeverTheHmacKey() throws Exception {
        HttpResponse<String> response = flow.getJson("/oauth2/jwks");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) AuthorizationCodeFlow.json(body).get("keys");
        assertThat(keys).hasSize(1);
        for (Map<String, Object> key : keys) {
            assertThat(key).containsEntry("kty", "RSA").containsKeys("n", "e", "kid")
                    .doesNotContainKeys("k", "d", "p", "q", "dp", "dq", "qi");
        }
        JWKSet set = JWKSet.parse(body);
        assertThat(set.getKeys()).allSatisfy(key -> {
            assertThat(key.getKeyType()).isEqualTo(KeyType.RSA);
            assertThat(key.isPrivate()).isFalse();
        });
        assertThat(body).doesNotContain("\"oct\"")
                .doesNotContain(HMAC_SECRET)
                .doesNotContain(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void discoveryNamesTheIssuerAndItsEndpoints() throws Exception {
        HttpResponse<String> response = flow.getJson("/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> configuration = AuthorizationCodeFlow.json(response.body());
        assertThat(configuration)
                .containsEntry("issuer", ISSUER)
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("userinfo_endpoint", ISSUER + "/userinfo");
        assertThat(configuration.get("id_token_signing_alg_values_supported")).isEqualTo(List.of("RS256"));
    }

    @Test
    void healthIsOpenAndNoOtherActuatorEndpointIsExposed() throws Exception {
        HttpResponse<String> health = flow.getJson("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        // docker-compose.yml's health check
        assertThat(flow.getJson("/actuator/health/readiness").statusCode()).isEqualTo(200);
        // not exposed: the login form stands in front of whatever is not open (never a 200)
        assertThat(flow.getJson("/actuator/env").statusCode()).isNotEqualTo(200);
        assertThat(flow.getJson("/actuator/configprops").statusCode()).isNotEqualTo(200);
    }

    private JWTClaimsSet verifiedAccessToken(Map<String, Object> tokens) throws Exception {
        SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
        assertThat(access.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(access.verify(new MACVerifier(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        return access.getJWTClaimsSet();
    }

    private JWK publishedKey(String keyId) throws Exception {
        JWK key = JWKSet.parse(flow.getJson("/oauth2/jwks").body()).getKeyByKeyId(keyId);
        assertThat(key).as("the ID token's kid is in the JWK set").isNotNull();
        return key;
    }

    private static List<String> scopes(Object scope) {
        if (scope instanceof String text) {
            return Arrays.asList(text.split(" "));
        }
        throw new AssertionError("scope is not a space-separated string: " + scope);
    }
}
