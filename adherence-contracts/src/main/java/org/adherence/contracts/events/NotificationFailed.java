package org.adherence.contracts.events;

import java.time.Instant;
import java.util.Objects;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;

/**
 * The mail server refused an email for good (a bad address, a permanent 5xx): the dead letter of one delivery.
 * Value of {@code adherence.notification-dead-letters}, keyed by alert id.
 *
 * @param deliveryKey the delivery-ledger key the email was sent under (alert, reminder or digest, and address)
 * @param rule        null for a daily digest
 * @param reason      the mail server's or mail client's refusal; never clinical text
 */
public record NotificationFailed(int schemaVersion, String deliveryKey, String alertId, String patientId,
                                 String recipient, RuleId rule, Severity severity, String reason,
                                 Instant failedAt) {

    public static final int SCHEMA_VERSION = 1;

    public NotificationFailed {
        Objects.requireNonNull(deliveryKey, "deliveryKey");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
