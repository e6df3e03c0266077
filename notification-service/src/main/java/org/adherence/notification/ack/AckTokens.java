package org.adherence.notification.ack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.email.EmailContent;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The tokens of acknowledgement links: {@code base64url(alertId \n patientId \n recipient \n expiry)} and an
 * HMAC-SHA256 of it under the service's own key ({@code adherence.notification.ack-signing-key}, required). A token is
 * good for one alert and one recipient, until its expiry; only clinicians' emails carry one.
 */
@Component
public class AckTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration validity;
    private final URI publicUrl;
    private final Clock clock;

    public AckTokens(NotificationProperties properties, Clock clock) {
        this.key = new SecretKeySpec(properties.ackSigningKey().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.validity = properties.ackLinkValidity();
        this.publicUrl = properties.publicUrl();
        this.clock = clock;
    }

    /** What a good token says: who may acknowledge which alert. */
    public record Claims(String alertId, String patientId, String recipient, Instant expiresAt) {
    }

    /** Why a token was refused. */
    public enum Refusal {
        MALFORMED("The link is incomplete or damaged."),
        FORGED("The link was not made by this service."),
        EXPIRED("The link has expired."),
        OTHER_ALERT("The link belongs to another alert."),
        /** A good token of an address the alert was not mailed to as a clinician ({@link WhoMayAcknowledge}). */
        NOT_A_CLINICIAN("The link is not that of a clinician this alert was mailed to: it acknowledges nothing.");

        private final String explanation;

        Refusal(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    /** A token was refused; {@link #refusal()} says why. */
    public static class RefusedException extends RuntimeException {

        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super(refusal.explanation());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** The acknowledgement link of one alert for one recipient, valid from now on for the configured time. */
    public URI linkFor(String alertId, String patientId, String recipient) {
        String token = sign(new Claims(alertId, patientId, recipient, clock.instant().plus(validity)));
        return UriComponentsBuilder.fromUri(EmailContent.alertPage(publicUrl, alertId))
                .path("/ack").queryParam("token", token).build().toUri();
    }

    public String sign(Claims claims) {
        byte[] payload = String.join("\n", claims.alertId(), claims.patientId(), claims.recipient(),
                Long.toString(claims.expiresAt().getEpochSecond())).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /**
     * The claims of a token made by this service for this alert and not expired.
     *
     * @throws RefusedException otherwise
     */
    public Claims verify(String alertId, String token) {
        if (token == null || token.isBlank()) {
            throw new RefusedException(Refusal.MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        byte[] payload;
        byte[] signature;
        try {
            if (parts.length != 2) {
                throw new RefusedException(Refusal.MALFORMED);
            }
            payload = DECODER.decode(parts[0]);
            signature = DECODER.decode(parts[1]);
        }
        catch (IllegalArgumentException e) {
            throw new RefusedException(Refusal.MALFORMED);
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw new RefusedException(Refusal.FORGED);
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 4) {
            throw new RefusedException(Refusal.MALFORMED);
        }
        Claims claims;
        try {
            claims = new Claims(fields[0], fields[1], fields[2], Instant.ofEpochSecond(Long.parseLong(fields[3])));
        }
        catch (NumberFormatException e) {
            throw new RefusedException(Refusal.MALFORMED);
        }
        if (!claims.alertId().equals(alertId)) {
            throw new RefusedException(Refusal.OTHER_ALERT);
        }
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new RefusedException(Refusal.EXPIRED);
        }
        return claims;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
