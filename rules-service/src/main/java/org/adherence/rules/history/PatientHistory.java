package org.adherence.rules.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/**
 * What the rules know of one patient: the profile, the doses and symptom reports of the retention period in
 * event-time order, and the findings already raised. Immutable; each change returns a new history. Events with an
 * eventId already held count once.
 */
public record PatientHistory(String patientId, PatientProfileUpdated profile, List<DoseEntry> doses,
                             List<SymptomEntry> symptoms, List<FindingEntry> findings) {

    private static final Comparator<DoseEntry> DOSE_ORDER =
            Comparator.comparing(DoseEntry::instant).thenComparing(DoseEntry::eventId);

    private static final Comparator<SymptomEntry> SYMPTOM_ORDER =
            Comparator.comparing(SymptomEntry::instant).thenComparing(SymptomEntry::eventId);

    public PatientHistory {
        doses = doses == null ? List.of() : List.copyOf(doses);
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    public static PatientHistory empty(String patientId) {
        return new PatientHistory(patientId, null, List.of(), List.of(), List.of());
    }

    public Optional<PatientProfileUpdated> currentProfile() {
        return Optional.ofNullable(profile);
    }

    public boolean holdsEvent(String eventId) {
        return doses.stream().anyMatch(d -> d.eventId().equals(eventId))
                || symptoms.stream().anyMatch(s -> s.eventId().equals(eventId));
    }

    public boolean hasRaised(String alertId) {
        return findings.stream().anyMatch(f -> f.alertId().equals(alertId));
    }

    public PatientHistory withDose(DoseTaken dose) {
        List<DoseEntry> next = new ArrayList<>(doses);
        next.add(DoseEntry.of(dose));
        next.sort(DOSE_ORDER);
        return new PatientHistory(patientId, profile, next, symptoms, findings);
    }

    public PatientHistory withSymptoms(SymptomsReported report) {
        List<SymptomEntry> next = new ArrayList<>(symptoms);
        next.add(SymptomEntry.of(report));
        next.sort(SYMPTOM_ORDER);
        return new PatientHistory(patientId, profile, doses, next, findings);
    }

    public PatientHistory withProfile(PatientProfileUpdated newProfile) {
        return new PatientHistory(patientId, newProfile, doses, symptoms, findings);
    }

    public PatientHistory withFindings(List<FindingEntry> raised) {
        List<FindingEntry> next = new ArrayList<>(findings);
        next.addAll(raised);
        return new PatientHistory(patientId, profile, doses, symptoms, next);
    }

    /**
     * Drops what no rule can need any more: events older than the cutoff, and findings older than that by the
     * margin, since a finding keeps its neighbours from firing again for a while after its own events are gone.
     */
    public PatientHistory prunedBefore(Instant cutoff, Duration findingMargin) {
        Instant findingCutoff = cutoff.minus(findingMargin);
        return new PatientHistory(patientId, profile,
                doses.stream().filter(d -> !d.instant().isBefore(cutoff)).toList(),
                symptoms.stream().filter(s -> !s.instant().isBefore(cutoff)).toList(),
                findings.stream().filter(f -> !f.anchor().isBefore(findingCutoff)).toList());
    }

    public List<DoseEntry> dosesOf(String drug) {
        return doses.stream().filter(d -> d.drug().equals(drug)).toList();
    }
}
