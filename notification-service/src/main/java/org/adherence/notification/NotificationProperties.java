package org.adherence.notification;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.adherence.security.KeyStrength;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of notification-service ({@code adherence.notification.*}).
 *
 * @param from                  the sender of every email
 * @param criticalRepeat        reminder interval of an unacknowledged CRITICAL alert
 * @param groupWait             how long the first WARNING alert of a patient waits for others before their email
 * @param groupInterval         how long after a patient's WARNING email the next one waits, gathering what comes
 * @param publicUrl             base of the links in emails
 * @param retry                 back-off of one address the mail server refuses for a while, and of the probe of a
 *                              mail server that refuses every session
 * @param redactClinicalDetails emails carry only the subject line's facts and a link, no clinical text
 * @param ackSigningKey         the HMAC-SHA256 key of acknowledgement links (UTF-8 bytes, at least 32); required
 * @param ackLinkValidity       how long an acknowledgement link works after its email was sent
 * @param retention             how long an alert and what became of it are kept (the delivery log, the ledger that
 *                              keeps an alert from being mailed twice): longer than rules-service can raise an alert
 *                              id again (its history retention plus eight days)
 * @param sender                the threads that talk to the mail server
 * @param dispatchInterval      how often emails that are due are handed to the senders (CRITICAL and HIGH emails go at
 *                              once, without waiting for it)
 * @param timerInterval         how often what is due on the wall clock is released (groups, reminders, digests,
 *                              expired send leases, retention)
 * @param ackConfirmTimeout     how long the acknowledgement page waits to see the acknowledgement recorded
 */
@Validated
@ConfigurationProperties(prefix = "adherence.notification")
public record NotificationProperties(
        @DefaultValue("alerts@adherence.local") @NotBlank @Email String from,
        @DefaultValue("PT15M") @NotNull @DurationMin(seconds = 1) Duration criticalRepeat,
        @DefaultValue("PT1M") @NotNull @DurationMin(millis = 1) Duration groupWait,
        @DefaultValue("PT15M") @NotNull @DurationMin(millis = 1) Duration groupInterval,
        @DefaultValue("http://localhost:8082") @NotNull URI publicUrl,
        @DefaultValue @NotNull @Valid Retry retry,
        @DefaultValue("false") boolean redactClinicalDetails,
        @NotBlank(message = "is required: the HMAC key of acknowledgement links, at least 32 bytes (make one with "
                + "'openssl rand -base64 36'; ./run-local.sh makes one in .local/)") String ackSigningKey,
        @DefaultValue("P7D") @NotNull @DurationMin(minutes = 1) Duration ackLinkValidity,
        @DefaultValue("P45D") @NotNull @DurationMin(minutes = 1) Duration retention,
        @DefaultValue @NotNull @Valid Sender sender,
        @DefaultValue("PT0.1S") @NotNull @DurationMin(millis = 10) Duration dispatchInterval,
        @DefaultValue("PT1S") @NotNull @DurationMin(millis = 10) Duration timerInterval,
        @DefaultValue("PT5S") @NotNull @DurationMin(millis = 100) Duration ackConfirmTimeout) {

    public NotificationProperties {
        // a key anyone could know would let anyone silence the reminders of a CRITICAL alert
        if (ackSigningKey != null && !ackSigningKey.isBlank() && KeyStrength.weakness(ackSigningKey) != null) {
            throw new IllegalArgumentException("adherence.notification.ack-signing-key "
                    + KeyStrength.weakness(ackSigningKey) + "; make one with 'openssl rand -base64 36'");
        }
        // every link in every email starts with it: a relative or scheme-less one would reach nobody
        if (publicUrl != null && (publicUrl.getHost() == null || !"http".equalsIgnoreCase(publicUrl.getScheme())
                && !"https".equalsIgnoreCase(publicUrl.getScheme()))) {
            throw new IllegalArgumentException("adherence.notification.public-url must be an absolute http(s) URL "
                    + "with a host, such as https://alerts.clinic.example; got '" + publicUrl + "'");
        }
    }

    /**
     * Exponential back-off: of one address that the mail server refuses for a while (that address alone waits), and
     * of the probe of a mail server that refuses every session. Attempts never stop.
     *
     * @param initialInterval the wait after the first failure, doubled after each further one
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

        /** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
        public Duration after(int attempts) {
            Duration wait = initialInterval;
            for (int i = 1; i < attempts && wait.compareTo(maxInterval) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxInterval) > 0 ? maxInterval : wait;
        }
    }

    /**
     * The senders: threads with an SMTP session each, reused for many emails.
     *
     * @param threads                  threads that send every severity, the most urgent lane first
     * @param criticalThreads          threads that send CRITICAL emails only, so that one never waits for a free
     *                                 thread
     * @param queueCapacity            emails handed out and not yet sent, per severity
     * @param maxMessagesPerConnection emails sent on one SMTP session before it is closed and opened again
     * @param lease                    how long an email handed to a sender is not handed out again: a send, with its
     *                                 record, finishes well within it
     * @param closeWait                how long a partition that moves to another instance waits for its emails being
     *                                 sent
     */
    public record Sender(@DefaultValue("4") @Min(1) @Max(64) int threads,
                         @DefaultValue("1") @Min(1) @Max(16) int criticalThreads,
                         @DefaultValue("200") @Min(1) @Max(10_000) int queueCapacity,
                         @DefaultValue("100") @Min(1) int maxMessagesPerConnection,
                         @DefaultValue("PT15S") @NotNull @DurationMin(seconds = 1) Duration lease,
                         @DefaultValue("PT10S") @NotNull @DurationMin(millis = 0) Duration closeWait) {
    }
}
