package org.adherence.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Real HS256 tokens, signed as a patient app's or a care team's identity provider would sign them. */
public final class TestTokens {

    /** The test key; long enough for HS256 (32 bytes and more). */
    public static final String SECRET = "test-secret-for-adherence-platform-0123456789";

    private TestTokens() {
    }

    public static String patientApp(String patientId) {
        return sign(SECRET, patientId, "events:write", Instant.now().plusSeconds(3600));
    }

    public static String careTeam() {
        return sign(SECRET, "care-team-test", "patients:write", Instant.now().plusSeconds(3600));
    }

    public static String sign(String secret, String subject, String scope, Instant expiresAt) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .claim("scope", scope)
                    .issueTime(Date.from(expiresAt.minusSeconds(7200)))
                    .expirationTime(Date.from(expiresAt))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
    }
}
