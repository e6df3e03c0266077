package org.adherence.contracts.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import org.adherence.contracts.codes.Symptom;

/**
 * A patient reported symptoms. Value of {@code adherence.symptom-events}, keyed by patient id.
 *
 * @param note optional free text; clinical content, so it is never logged
 */
public record SymptomsReported(int schemaVersion, String eventId, String patientId, List<Symptom> symptoms,
                               OffsetDateTime observedAt, String note, Instant receivedAt) implements PatientEvent {

    public static final int SCHEMA_VERSION = 1;

    public SymptomsReported {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(observedAt, "observedAt");
        symptoms = List.copyOf(symptoms);
    }

    public static SymptomsReported of(String eventId, String patientId, List<Symptom> symptoms,
                                      OffsetDateTime observedAt, String note, Instant receivedAt) {
        return new SymptomsReported(SCHEMA_VERSION, eventId, patientId, symptoms, observedAt, note, receivedAt);
    }

    @Override
    public OffsetDateTime occurredAt() {
        return observedAt;
    }
}
