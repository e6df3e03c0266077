package org.adherence.loadgen.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * HS256 JWTs, signed with Nimbus as the services check them (CONTRACT.md, "Tokens"): the key is the dev secret's UTF-8
 * bytes; every token has {@code sub}, the space-separated {@code scope}, {@code iat} and {@code exp}; a care team's
 * names its clinic ({@link #CLINIC}).
 */
public final class Hs256Jwt {

    /** The scope of a patient app's token: events of its own patient only. */
    public static final String PATIENT_APP_SCOPE = "events:write";
    /** The scope of a care team's token: profiles and events of its clinic's patients. */
    public static final String CARE_TEAM_SCOPE = "patients:write";
    /**
     * The clinic of the load's care team: {@code ./run-local.sh}'s dev clinic, so that its {@code CARE_TEAM_TOKEN}
     * reads the delivery logs of the load's alerts. Each run enrols new patient ids, which no other clinic holds.
     */
    public static final String CLINIC = "dev-clinic";

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    private final JWSSigner signer;

    public Hs256Jwt(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes, this one has " + bytes.length);
        }
        try {
            this.signer = new MACSigner(bytes);
        }
        catch (JOSEException e) {
            throw new IllegalArgumentException("not an HS256 key: " + e.getMessage(), e);
        }
    }

    /** A patient app's token: {@code sub} = the patient id, scope {@code events:write}. */
    public String patientApp(String patientId, Instant issuedAt, Instant expiresAt) {
        return sign(claims(patientId, PATIENT_APP_SCOPE, issuedAt, expiresAt).build());
    }

    /** A care team's token of {@link #CLINIC}: scope {@code patients:write}, claim {@code clinic}. */
    public String careTeam(String subject, Instant issuedAt, Instant expiresAt) {
        return sign(claims(subject, CARE_TEAM_SCOPE, issuedAt, expiresAt).claim("clinic", CLINIC).build());
    }

    private static JWTClaimsSet.Builder claims(String subject, String scope, Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder().subject(subject).claim("scope", scope).issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt));
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(HEADER, claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing is part of Nimbus", e);
        }
        return jwt.serialize();
    }
}
