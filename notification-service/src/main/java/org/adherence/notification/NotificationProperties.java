package org.adherence.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of notification-service ({@code adherence.notification.*}).
 *
 * @param from                  the sender of every email
 * @param criticalRepeat        reminder interval of an unacknowledged CRITICAL alert
 * @param publicUrl             base of the links in emails
 * @param retry                 how long an alert that cannot be mailed yet waits before the next attempt
 * @param redactClinicalDetails emails carry only the subject line's facts and a link, no clinical text
 * @param ackSigningKey         the HMAC-SHA256 key of acknowledgement links (UTF-8 bytes, at least 32)
 * @param ackLinkValidity       how long an acknowledgement link works after its email was sent
 * @param digestCheckInterval   how often ended local days are looked for, to send their INFO digests
 */
@Validated
@ConfigurationProperties(prefix = "adherence.notification")
public record NotificationProperties(
        @DefaultValue("alerts@adherence.local") @NotBlank @Email String from,
        @DefaultValue("PT15M") @NotNull @DurationMin(seconds = 1) Duration criticalRepeat,
        @DefaultValue("http://localhost:8082") @NotNull URI publicUrl,
        @DefaultValue @NotNull @Valid Retry retry,
        @DefaultValue("false") boolean redactClinicalDetails,
        @DefaultValue(DEV_ACK_SIGNING_KEY) @NotNull String ackSigningKey,
        @DefaultValue("P7D") @NotNull @DurationMin(minutes = 1) Duration ackLinkValidity,
        @DefaultValue("PT1M") @NotNull @DurationMin(millis = 100) Duration digestCheckInterval) {

    /** For local use only; production sets its own key. */
    public static final String DEV_ACK_SIGNING_KEY = "dev-only-ack-link-key-not-for-production-use";

    static final int MIN_ACK_SIGNING_KEY_BYTES = 32;

    public NotificationProperties {
        if (ackSigningKey != null
                && ackSigningKey.getBytes(StandardCharsets.UTF_8).length < MIN_ACK_SIGNING_KEY_BYTES) {
            throw new IllegalArgumentException("adherence.notification.ack-signing-key must be at least "
                    + MIN_ACK_SIGNING_KEY_BYTES + " bytes of UTF-8 for HMAC-SHA256");
        }
        // every link in every email starts with it: a relative or scheme-less one would reach nobody
        if (publicUrl != null && (publicUrl.getHost() == null || !"http".equalsIgnoreCase(publicUrl.getScheme())
                && !"https".equalsIgnoreCase(publicUrl.getScheme()))) {
            throw new IllegalArgumentException("adherence.notification.public-url must be an absolute http(s) URL "
                    + "with a host, such as https://alerts.clinic.example; got '" + publicUrl + "'");
        }
    }

    /**
     * Exponential back-off between attempts to mail one alert; attempts never stop.
     *
     * @param initialInterval the wait after the first failure, doubled after each further one; also how often
     *                        held alerts and due reminders are looked at
     * @param maxInterval     the longest wait
     */
    public record Retry(@DefaultValue("PT1S") @NotNull @DurationMin(millis = 1) Duration initialInterval,
                        @DefaultValue("PT30S") @NotNull @DurationMin(millis = 1) Duration maxInterval) {

        public Retry {
            if (initialInterval != null && maxInterval != null && maxInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException("adherence.notification.retry.max-interval (" + maxInterval
                        + ") must not be shorter than retry.initial-interval (" + initialInterval + ")");
            }
        }
    }
}
