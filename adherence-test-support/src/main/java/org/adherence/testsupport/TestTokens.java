package org.adherence.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real HS256 tokens, signed as a patient app's or a care team's identity provider would sign them (Nimbus). Every
 * token names {@link #ISSUER} and both services as audiences, so that it also passes where a test configures
 * {@code adherence.security.jwt.issuer} and {@code .audience}; {@link #token()} makes any other.
 */
public final class TestTokens {

    /** The test key; long enough for HS256 (32 bytes and more). */
    public static final String SECRET = "test-secret-for-adherence-platform-0123456789";

    /** The clinic of {@link #careTeam()}. */
    public static final String CLINIC = "clinic-test";

    public static final String ISSUER = "https://id.adherence.test";

    public static final String INTAKE_AUDIENCE = "dose-intake-service";

    public static final String NOTIFICATION_AUDIENCE = "notification-service";

    private TestTokens() {
    }

    /** A patient app: {@code sub} = the patient, scope {@code events:write}, valid for an hour. */
    public static String patientApp(String patientId) {
        return token().subject(patientId).scope("events:write").sign();
    }

    /** A care team of {@link #CLINIC}: scope {@code patients:write}, valid for an hour. */
    public static String careTeam() {
        return careTeam(CLINIC);
    }

    /** A care team of a clinic: {@code sub} = {@code care-team-<clinic>}, scope {@code patients:write}. */
    public static String careTeam(String clinic) {
        return token().subject("care-team-" + clinic).scope("patients:write").clinic(clinic).sign();
    }

    /** A token without {@code iss}, {@code aud} or {@code clinic}: {@code sub}, {@code scope}, {@code iat} and exp. */
    public static String sign(String secret, String subject, String scope, Instant expiresAt) {
        return token().secret(secret).subject(subject).scope(scope).expiresAt(expiresAt).issuer(null).audiences()
                .sign();
    }

    /** Any token: by default like {@link #patientApp}'s but of no subject and no scope. */
    public static Token token() {
        return new Token();
    }

    /** What a token says, changed one claim at a time. */
    public static final class Token {

        private String secret = SECRET;

        private String subject;

        private String scope;

        private String clinic;

        private String issuer = ISSUER;

        private List<String> audiences = List.of(INTAKE_AUDIENCE, NOTIFICATION_AUDIENCE);

        private Instant expiresAt = Instant.now().plusSeconds(3600);

        private Token() {
        }

        public Token secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Token subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Token scope(String scope) {
            this.scope = scope;
            return this;
        }

        public Token clinic(String clinic) {
            this.clinic = clinic;
            return this;
        }

        public Token issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Token audiences(String... audiences) {
            this.audiences = List.of(audiences);
            return this;
        }

        /** {@code null}: a token without {@code exp}. */
        public Token expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public JWTClaimsSet claims() {
            Instant issuedAt = expiresAt == null ? Instant.now() : expiresAt.minusSeconds(7200);
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .issueTime(Date.from(issuedAt))
                    .expirationTime(expiresAt == null ? null : Date.from(expiresAt));
            if (scope != null) {
                claims.claim("scope", scope);
            }
            if (clinic != null) {
                claims.claim("clinic", clinic);
            }
            if (issuer != null) {
                claims.issuer(issuer);
            }
            if (!audiences.isEmpty()) {
                claims.audience(new ArrayList<>(audiences));
            }
            return claims.build();
        }

        /** Signed with HS256. */
        public String sign() {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
                jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
                return jwt.serialize();
            }
            catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign a test token", e);
            }
        }

        /** The same claims unsigned: {@code {"alg":"none"}} and an empty signature. */
        public String unsigned() {
            return new PlainJWT(claims()).serialize();
        }
    }
}
