package org.adherence.notification.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone pressed the acknowledgement button of a CRITICAL alert. Value of
 * {@link NotificationTopics#ACK_REQUESTS}, keyed by the patient id the signed link names.
 *
 * @param by        the address the link was made for
 * @param requestId unique per press, so that the page can tell its own press from an earlier one
 */
public record AckRequested(int schemaVersion, String alertId, String patientId, String by, Instant at,
                           String requestId) {

    public static final int SCHEMA_VERSION = 1;

    public AckRequested {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(requestId, "requestId");
    }
}
