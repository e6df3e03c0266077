package org.adherence.contracts.events;

import java.time.Instant;
import java.util.Objects;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;

/**
 * The mail server accepted an alert's email for one recipient. Value of the compacted
 * {@code adherence.notification-deliveries}, keyed by {@link #deliveryKey}: the ledger that keeps any instance of
 * notification-service from mailing the same alert to the same address twice, also after a restart.
 */
public record NotificationDelivered(int schemaVersion, String alertId, String patientId, String recipient,
                                    RuleId rule, Severity severity, Instant sentAt) {

    public static final int SCHEMA_VERSION = 1;

    public NotificationDelivered {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(recipient, "recipient");
    }

    /** The ledger key: one delivery per alert and address (addresses compared case-insensitively). */
    public static String deliveryKey(String alertId, String recipient) {
        return alertId + "|" + recipient.toLowerCase(java.util.Locale.ROOT);
    }

    public String deliveryKey() {
        return deliveryKey(alertId, recipient);
    }
}
