package org.adherence.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A patient took a dose. Value of {@code adherence.dose-events}, keyed by patient id.
 *
 * @param eventId    the app's idempotency key: the same id is one dose, however often it is posted
 * @param takenAt    event time, with the offset the app reported
 * @param receivedAt when intake accepted it (arrival time; never used by a dose rule)
 */
public record DoseTaken(int schemaVersion, String eventId, String patientId, String drug, BigDecimal doseMg,
                        OffsetDateTime takenAt, Instant receivedAt) implements PatientEvent {

    public static final int SCHEMA_VERSION = 1;

    public DoseTaken {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(doseMg, "doseMg");
        Objects.requireNonNull(takenAt, "takenAt");
    }

    public static DoseTaken of(String eventId, String patientId, String drug, BigDecimal doseMg,
                               OffsetDateTime takenAt, Instant receivedAt) {
        return new DoseTaken(SCHEMA_VERSION, eventId, patientId, drug, doseMg, takenAt, receivedAt);
    }

    @Override
    public OffsetDateTime occurredAt() {
        return takenAt;
    }
}
