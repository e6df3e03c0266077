package org.adherence.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production: tokens signed by an identity provider (RS256), checked against its JWK set by Boot's decoder, with the
 * same rules as the dev key's: an expiry, a subject, the configured audience.
 */
@SpringBootTest(classes = SecuredTestApplication.class, properties = "adherence.security.jwt.audience=dose-intake-service")
@AutoConfigureMockMvc
class JwkSetTokenCheckTest {

    private static final RSAKey KEY = rsaKey();

    private static final HttpServer IDENTITY_PROVIDER = jwkSetServer();

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://localhost:" + IDENTITY_PROVIDER.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stop() {
        IDENTITY_PROVIDER.stop(0);
    }

    @Test
    void acceptsATokenOfTheIdentityProviderForThisService() throws Exception {
        assertThat(get(rs256(List.of("dose-intake-service"), Instant.now().plusSeconds(600)))).hasStatus(200);
    }

    @Test
    void refusesItsTokenWithoutExpiry() throws Exception {
        assertThat(get(rs256(List.of("dose-intake-service"), null))).hasStatus(401);
    }

    @Test
    void refusesItsTokenForAnotherAudience() throws Exception {
        assertThat(get(rs256(List.of("notification-service"), Instant.now().plusSeconds(600)))).hasStatus(401);
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult get(String token) {
        return mvc.get().uri("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private static String rs256(List<String> audiences, Instant expiresAt) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("p-1").claim("scope", "events:write").audience(audiences)
                        .expirationTime(expiresAt == null ? null : Date.from(expiresAt)).build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test-key").generate();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwkSetServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
