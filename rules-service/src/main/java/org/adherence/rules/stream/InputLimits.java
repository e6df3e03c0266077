package org.adherence.rules.stream;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.adherence.contracts.EventLimits;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/**
 * The event limits intake checks ({@link EventLimits}), checked again on what the rules read: a record beyond them did
 * not come through intake, and the rules never keep a record whose size they cannot bound.
 */
final class InputLimits {

    private static final BigDecimal DOSE_MG_MAX = new BigDecimal(EventLimits.DOSE_MG_MAX);

    private InputLimits() {
    }

    /** What is beyond the limits (no clinical content), or null. */
    static String violation(String patientId, PatientInput input) {
        if (patientId.isEmpty() || patientId.getBytes(StandardCharsets.UTF_8).length > EventLimits.PATIENT_ID_MAX) {
            return "patient id length";
        }
        if (input instanceof PatientInput.Dose dose) {
            return violation(dose.dose());
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return violation(symptoms.report());
        }
        return violation(((PatientInput.Profile) input).profile());
    }

    private static String violation(DoseTaken dose) {
        if (tooLong(dose.eventId(), EventLimits.EVENT_ID_MAX)) {
            return "event id length";
        }
        if (tooLong(dose.drug(), EventLimits.DRUG_MAX)) {
            return "drug length";
        }
        BigDecimal mg = dose.doseMg();
        if (mg.signum() <= 0 || mg.compareTo(DOSE_MG_MAX) > 0 || mg.stripTrailingZeros().scale()
                > EventLimits.DOSE_MG_FRACTION_DIGITS) {
            return "dose amount";
        }
        return null;
    }

    private static String violation(SymptomsReported report) {
        if (tooLong(report.eventId(), EventLimits.EVENT_ID_MAX)) {
            return "event id length";
        }
        if (report.symptoms().isEmpty() || report.symptoms().size() > EventLimits.SYMPTOMS_PER_REPORT_MAX) {
            return "symptom count";
        }
        if (report.note() != null && report.note().length() > EventLimits.NOTE_MAX) {
            return "note length";
        }
        return null;
    }

    private static String violation(PatientProfileUpdated profile) {
        if (profile == null) {
            return null;
        }
        if (profile.prescriptions().size() > EventLimits.PRESCRIPTIONS_MAX
                || profile.prescriptions().stream().anyMatch(rx -> rx == null || tooLong(rx.drug(),
                EventLimits.DRUG_MAX))) {
            return "prescriptions";
        }
        if (profile.careTeam().size() > EventLimits.CARE_TEAM_MAX) {
            return "care team size";
        }
        return null;
    }

    private static boolean tooLong(String text, int max) {
        return text != null && text.length() > max;
    }
}
