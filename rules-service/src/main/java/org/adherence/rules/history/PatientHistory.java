package org.adherence.rules.history;

import java.time.Duration;
import java.time.Instant;
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
 * @param zones           the patient's time zones, each from when it became known, in time order (see
 *                        {@link ZoneTimeline}); missing in state written before it was kept: then the current profile's
 *                        zone only
 */
public record PatientHistory(String patientId, PatientProfileUpdated profile, List<DoseEntry> doses,
                             List<SymptomEntry> symptoms, List<FindingEntry> findings, Instant truncatedBefore,
                             List<ZoneChange> zones) {

    private static final Comparator<DoseEntry> DOSE_ORDER =
            Comparator.comparing(DoseEntry::instant).thenComparing(DoseEntry::eventId);

    private static final Comparator<SymptomEntry> SYMPTOM_ORDER =
            Comparator.comparing(SymptomEntry::instant).thenComparing(SymptomEntry::eventId);

    public PatientHistory {
        doses = doses == null ? List.of() : List.copyOf(doses);
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
        findings = findings == null ? List.of() : List.copyOf(findings);
        if (zones == null) {
            zones = profile == null ? List.of() : List.of(new ZoneChange(
                    profile.updatedAt() == null ? Instant.EPOCH : profile.updatedAt(), profile.timeZone()));
        }
        else {
            zones = List.copyOf(zones);
        }
    }

    public static PatientHistory empty(String patientId) {
        return new PatientHistory(patientId, null, List.of(), List.of(), List.of(), null, List.of());
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
        return new PatientHistory(patientId, profile, next, symptoms, findings, truncatedBefore, zones);
    }

    public PatientHistory withSymptoms(SymptomsReported report) {
        List<SymptomEntry> next = new ArrayList<>(symptoms);
        next.add(SymptomEntry.of(report));
        next.sort(SYMPTOM_ORDER);
        return new PatientHistory(patientId, profile, doses, next, findings, truncatedBefore, zones);
    }

    /**
     * A new, changed or deleted ({@code null}) profile. A zone other than the one in force is in force from the
     * profile's {@code updatedAt} (not later than {@code receivedAt}, the wall-clock time it arrived), else from
     * {@code receivedAt}, but never before the last change known (a profile is the latest one: an older
     * {@code updatedAt} is taken as the time of the last change). The first zone known is in force before it too. A
     * deleted profile leaves the zones as they were.
     */
    public PatientHistory withProfile(PatientProfileUpdated newProfile, Instant receivedAt) {
        List<ZoneChange> nextZones = zones;
        if (newProfile != null
                && (zones.isEmpty() || !zones.get(zones.size() - 1).zone().equals(newProfile.timeZone()))) {
            // never after it arrived: a stamp ahead of the clock would judge days lived in the new zone in the old
            Instant from = newProfile.updatedAt() != null && newProfile.updatedAt().isBefore(receivedAt)
                    ? newProfile.updatedAt() : receivedAt;
            List<ZoneChange> next = new ArrayList<>(zones);
            if (!next.isEmpty() && from.isBefore(next.get(next.size() - 1).from())) {
                from = next.get(next.size() - 1).from();
            }
            // a change at the same instant as the last one replaces it
            if (!next.isEmpty() && from.equals(next.get(next.size() - 1).from())) {
                next.remove(next.size() - 1);
            }
            next.add(new ZoneChange(from, newProfile.timeZone()));
            nextZones = next;
        }
        return new PatientHistory(patientId, newProfile, doses, symptoms, findings, truncatedBefore, nextZones);
    }

    /** Local days over the patient's time zones (UTC while none is known). */
    public ZoneTimeline timeline() {
        return new ZoneTimeline(zones);
    }

    public PatientHistory withFindings(List<FindingEntry> raised) {
        List<FindingEntry> next = new ArrayList<>(findings);
        next.addAll(raised);
        return new PatientHistory(patientId, profile, doses, symptoms, next, truncatedBefore, zones);
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
        ZoneTimeline timeline = timeline();
        Instant dayCutoff = timeline.startOf(timeline.localDate(cutoff));
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
            Instant nextDay = timeline.endOf(timeline.localDate(droppedTo));
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
        return new PatientHistory(patientId, profile, keptDoses, keptSymptoms, keptFindings, truncated,
                zonesFrom(keptDoses, keptSymptoms, dayCutoff, maxEvents));
    }

    /**
     * The zones still in force for something held or still to be held (nothing before the day cutoff is), and the
     * current one; at most {@code max} of them, the newest.
     */
    private List<ZoneChange> zonesFrom(List<DoseEntry> keptDoses, List<SymptomEntry> keptSymptoms, Instant dayCutoff,
                                       int max) {
        Instant earliest = dayCutoff;
        if (!keptDoses.isEmpty() && keptDoses.get(0).instant().isBefore(earliest)) {
            earliest = keptDoses.get(0).instant();
        }
        if (!keptSymptoms.isEmpty() && keptSymptoms.get(0).instant().isBefore(earliest)) {
            earliest = keptSymptoms.get(0).instant();
        }
        int first = 0;
        while (first + 1 < zones.size() && !zones.get(first + 1).from().isAfter(earliest)) {
            first++;
        }
        first = Math.max(first, zones.size() - Math.max(1, max));
        return first == 0 ? zones : zones.subList(first, zones.size());
    }

    public List<DoseEntry> dosesOf(String drug) {
        return doses.stream().filter(d -> d.drug().equals(drug)).toList();
    }
}
