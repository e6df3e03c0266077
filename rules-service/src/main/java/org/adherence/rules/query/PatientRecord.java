package org.adherence.rules.query;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;

/**
 * What rules-service holds of one patient over a span of time, as its state store has it: the answer of
 * {@code GET /api/v1/patients/{patientId}/record}, for the care console's patient page. Symptom reports are given
 * without their free-text notes (rules-service does not keep them).
 *
 * @param heldFrom null, or the instant before which doses were dropped from the state (retention or a bound): the
 *                 record is whole only from then on
 */
public record PatientRecord(String patientId, ZoneId timeZone, PatientProfileUpdated profile, Instant from, Instant to,
                            Instant heldFrom, List<Dose> doses, List<SymptomReport> symptoms, List<Finding> findings) {

    public record Dose(String eventId, String drug, java.math.BigDecimal doseMg, java.time.OffsetDateTime takenAt) {

        static Dose of(DoseEntry entry) {
            return new Dose(entry.eventId(), entry.drug(), entry.doseMg(), entry.takenAt());
        }
    }

    public record SymptomReport(String eventId, List<Symptom> symptoms, java.time.OffsetDateTime observedAt) {

        static SymptomReport of(SymptomEntry entry) {
            return new SymptomReport(entry.eventId(), entry.symptoms(), entry.observedAt());
        }
    }

    /** A finding rules-service raised as an alert, at the event time it is about. */
    public record Finding(String alertId, RuleId rule, Severity severity, Instant at) {

        static Finding of(FindingEntry entry) {
            return new Finding(entry.alertId(), entry.rule(), entry.rule().severity(), entry.anchor());
        }
    }
}
