package org.adherence.contracts.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A care-team member acknowledged an alert through the signed link of its email, so that its reminders stop.
 * Value of the compacted {@code adherence.alert-acknowledgements}, keyed by alert id.
 *
 * @param acknowledgedBy the address the acknowledgement link was made for
 */
public record AlertAcknowledged(int schemaVersion, String alertId, String patientId, String acknowledgedBy,
                                Instant acknowledgedAt) {

    public static final int SCHEMA_VERSION = 1;

    public AlertAcknowledged {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
        Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
    }
}
