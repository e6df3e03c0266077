package org.adherence.console.patients;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.PatientProfileUpdated;

/**
 * One patient's record as rules-service's state holds it ({@code GET /api/v1/patients/{id}/record}): doses, symptom
 * reports (without notes: rules-service keeps none) and findings over a span of time, with the profile.
 *
 * @param heldFrom null, or the instant before which rules-service no longer holds doses: the record is whole only from
 *                 then on
 */
public record PatientRecord(String patientId, ZoneId timeZone, PatientProfileUpdated profile, Instant from, Instant to,
                            Instant heldFrom, List<Dose> doses, List<SymptomReport> symptoms, List<Finding> findings) {

    public PatientRecord {
        doses = doses == null ? List.of() : List.copyOf(doses);
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    public record Dose(String eventId, String drug, BigDecimal doseMg, OffsetDateTime takenAt) {
    }

    public record SymptomReport(String eventId, List<Symptom> symptoms, OffsetDateTime observedAt) {
    }

    public record Finding(String alertId, RuleId rule, Severity severity, Instant at) {
    }
}
