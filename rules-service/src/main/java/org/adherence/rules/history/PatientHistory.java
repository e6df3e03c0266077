package org.adherence.rules.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/**
 * What the rules know of one patient: the profile, the doses and symptom reports of the retention period in
 * event-time order, and the findings already raised. Immutable; each change returns a new history. Events with an
 * eventId already held count once.
 *
 * @param truncatedBefore null, or the event time up to which events were dropped to keep the history within its
 *                        bound on the number of events
 */
public record PatientHistory(String patientId, PatientProfileUpdated profile, List<DoseEntry> doses,
                             List<SymptomEntry> symptoms, List<FindingEntry> findings, Instant truncatedBefore) {

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
        return new PatientHistory(patientId, null, List.of(), List.of(), List.of(), null);
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

    /** Nothing worth keeping: no event, no finding, no profile. */
    public boolean isEmpty() {
        return profile == null && doses.isEmpty() && symptoms.isEmpty() && findings.isEmpty();
    }

    public PatientHistory withDose(DoseTaken dose) {
        List<DoseEntry> next = new ArrayList<>(doses);
        next.add(DoseEntry.of(dose));
        next.sort(DOSE_ORDER);
        return new PatientHistory(patientId, profile, next, symptoms, findings, truncatedBefore);
    }

    public PatientHistory withSymptoms(SymptomsReported report) {
        List<SymptomEntry> next = new ArrayList<>(symptoms);
        next.add(SymptomEntry.of(report));
        next.sort(SYMPTOM_ORDER);
        return new PatientHistory(patientId, profile, doses, next, findings, truncatedBefore);
    }

    public PatientHistory withProfile(PatientProfileUpdated newProfile) {
        return new PatientHistory(patientId, newProfile, doses, symptoms, findings, truncatedBefore);
    }

    public PatientHistory withFindings(List<FindingEntry> raised) {
        List<FindingEntry> next = new ArrayList<>(findings);
        next.addAll(raised);
        return new PatientHistory(patientId, profile, doses, symptoms, next, truncatedBefore);
    }

    /**
     * Drops what no rule can need any more: events older than the cutoff, and findings older than that by the
     * margin, since a finding keeps its neighbours from firing again (and withdrawal signs are looked for after a
     * stop) for a while after its own events are gone. Findings of {@code lifelong} rules are kept whatever their
     * age (their "at most" is per patient). Then at most {@code maxEvents} events and as many findings are kept,
     * the newest.
     */
    public PatientHistory pruned(Instant cutoff, Duration findingMargin, Set<RuleId> lifelong, int maxEvents) {
        // Whole local days only: the rules judge days, and a day cut in two would be judged again as a day of
        // missed doses (and a rise in dose the day after it) long after the patient took them all.
        Instant dayCutoff = startOfDay(cutoff);
        Instant findingCutoff = dayCutoff.minus(findingMargin);
        List<DoseEntry> keptDoses =
                new ArrayList<>(doses.stream().filter(d -> !d.instant().isBefore(dayCutoff)).toList());
        List<SymptomEntry> keptSymptoms =
                new ArrayList<>(symptoms.stream().filter(s -> !s.instant().isBefore(dayCutoff)).toList());
        Instant truncated = truncatedBefore;
        Instant droppedTo = null;
        while (keptDoses.size() + keptSymptoms.size() > maxEvents) {
            boolean doseIsOlder = !keptDoses.isEmpty() && (keptSymptoms.isEmpty()
                    || !keptDoses.get(0).instant().isAfter(keptSymptoms.get(0).instant()));
            droppedTo = doseIsOlder ? keptDoses.remove(0).instant() : keptSymptoms.remove(0).instant();
        }
        if (droppedTo != null) {
            // the rest of the last day dropped goes too
            Instant nextDay = droppedTo.atZone(zone()).toLocalDate().plusDays(1).atStartOfDay(zone()).toInstant();
            keptDoses.removeIf(d -> d.instant().isBefore(nextDay));
            keptSymptoms.removeIf(s -> s.instant().isBefore(nextDay));
            Instant last = nextDay.minusNanos(1);
            truncated = truncated == null || last.isAfter(truncated) ? last : truncated;
        }
        List<FindingEntry> keptFindings = new ArrayList<>(findings.stream()
                .filter(f -> lifelong.contains(f.rule()) || !f.anchor().isBefore(findingCutoff)).toList());
        if (keptFindings.size() > maxEvents) {
            keptFindings.sort(Comparator.comparing(FindingEntry::anchor));
            keptFindings = keptFindings.subList(keptFindings.size() - maxEvents, keptFindings.size());
        }
        return new PatientHistory(patientId, profile, keptDoses, keptSymptoms, keptFindings, truncated);
    }

    private ZoneId zone() {
        return profile == null ? ZoneOffset.UTC : profile.timeZone();
    }

    /** The first instant of the local day (in the patient's zone) that holds {@code time}. */
    private Instant startOfDay(Instant time) {
        return time.atZone(zone()).toLocalDate().atStartOfDay(zone()).toInstant();
    }

    public List<DoseEntry> dosesOf(String drug) {
        return doses.stream().filter(d -> d.drug().equals(drug)).toList();
    }
}
