package org.adherence.loadgen.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.adherence.contracts.json.ContractJson;

/**
 * HS256 JWTs signed like intake's tokens are checked (CONTRACT.md): the key is the secret's UTF-8 bytes, the claims
 * {@code sub}, the space-separated {@code scope}, {@code iat} and {@code exp}. Plain javax.crypto, so the load
 * generator needs no JOSE library.
 */
public final class Hs256Jwt {

    /** The scope of a patient app's token: events of its own patient only. */
    public static final String PATIENT_APP_SCOPE = "events:write";
    /** The scope of a care team's or an enrolment system's token: profiles and events of any patient. */
    public static final String CARE_TEAM_SCOPE = "patients:write";

    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Hs256Jwt(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes, this one has " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    public String sign(String subject, String scope, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("scope", scope);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        String signingInput = HEADER + "." + encode(ContractJson.mapper().writeValueAsBytes(claims));
        return signingInput + "." + encode(hmac(signingInput));
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
