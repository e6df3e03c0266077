package org.adherence.contracts.events;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * An INFO alert waiting for the daily digest of its patient. Value of the compacted
 * {@code adherence.notification-digest-queue}, keyed by alert id; a tombstone once the digest has gone out.
 *
 * @param digestDate the patient's local day whose digest lists the alert
 * @param timeZone   the patient's zone when the alert was queued; the digest goes out when that day has ended there
 */
public record AlertQueuedForDigest(int schemaVersion, AlertRaised alert, LocalDate digestDate, ZoneId timeZone) {

    public static final int SCHEMA_VERSION = 1;

    public AlertQueuedForDigest {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(digestDate, "digestDate");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
