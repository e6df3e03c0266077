package org.adherence.notification.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What became of one email handed to a sender. Value of {@link NotificationTopics#SEND_RESULTS}, keyed by patient id,
 * written right after the mail server's answer, before the sender takes its next email.
 *
 * @param outboxKey the key of the email's outbox entry while it was handed out
 * @param attempt   the attempt of the entry the email was sent for
 * @param emailKey  the email's key (also the seed of its Message-ID)
 * @param alertIds  the alerts the email tells of (several for a group or a digest)
 * @param reminder  the reminder's number, 0 for any other email
 * @param reply     the mail server's reply code and enhanced status of a refusal ({@code 550 5.1.1}), never its text
 */
public record SendResult(int schemaVersion, String outboxKey, int attempt, String emailKey, EmailKind kind,
                         String patientId, List<String> alertIds, String recipient, int reminder, Outcome outcome,
                         Instant at, String reply, String messageId) {

    public static final int SCHEMA_VERSION = 1;

    /** What the mail server (or the sender) made of the email. */
    public enum Outcome {
        /** accepted by the mail server */
        SENT,
        /** refused for a while, for this address ({@code 4xx} to it): that address alone waits and tries again */
        TEMPORARY,
        /** refused for good, for this address ({@code 5xx} to it, or an address that is no address) */
        PERMANENT,
        /** the mail server refused the session, or could not be reached: the same for every email */
        SETUP,
        /** not tried: its lease was almost over when a sender got to it */
        NOT_ATTEMPTED,
        /** not tried: its partition moved to another instance before a sender got to it */
        RELEASED
    }

    public SendResult {
        Objects.requireNonNull(outboxKey, "outboxKey");
        Objects.requireNonNull(emailKey, "emailKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(outcome, "outcome");
        alertIds = alertIds == null ? List.of() : List.copyOf(alertIds);
    }
}
