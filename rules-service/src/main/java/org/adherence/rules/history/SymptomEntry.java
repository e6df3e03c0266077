package org.adherence.rules.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.SymptomsReported;

/** A symptom report as the rules keep it; the free-text note is not kept. */
public record SymptomEntry(String eventId, List<Symptom> symptoms, OffsetDateTime observedAt) {

    public SymptomEntry {
        symptoms = List.copyOf(symptoms);
    }

    public static SymptomEntry of(SymptomsReported report) {
        return new SymptomEntry(report.eventId(), report.symptoms(), report.observedAt());
    }

    public Instant instant() {
        return observedAt.toInstant();
    }
}
