package org.adherence.rules.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.adherence.contracts.events.PatientProfileUpdated;

/**
 * What the rules are given of one patient: the profile, doses and symptom reports in event-time order, the findings
 * already raised, and the zone timeline. Immutable. The judging loads it from the state store, a window of local days
 * at a time; a rule's unit test or the differential test's oracle builds it whole.
 *
 * @param zones the patient's time zones, each from when it became known, in time order (see {@link ZoneTimeline})
 */
public record PatientHistory(String patientId, PatientProfileUpdated profile, List<DoseEntry> doses,
                             List<SymptomEntry> symptoms, List<FindingEntry> findings, List<ZoneChange> zones) {

    public PatientHistory {
        doses = doses == null ? List.of() : List.copyOf(doses);
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
        findings = findings == null ? List.of() : List.copyOf(findings);
        zones = zones == null ? List.of() : List.copyOf(zones);
    }

    public Optional<PatientProfileUpdated> currentProfile() {
        return Optional.ofNullable(profile);
    }

    /** Local days over the patient's time zones (UTC while none is known). */
    public ZoneTimeline timeline() {
        return new ZoneTimeline(zones);
    }

    public List<DoseEntry> dosesOf(String drug) {
        return doses.stream().filter(d -> d.drug().equals(drug)).toList();
    }

    /**
     * The zone timeline after a new, changed or deleted ({@code null}) profile. A zone other than the one in force is
     * in force from the profile's {@code updatedAt} (not later than {@code receivedAt}, the wall-clock time it
     * arrived), else from {@code receivedAt}, but never before the last change known (a profile is the latest one: an
     * older {@code updatedAt} is taken as the time of the last change). The first zone known is in force before it
     * too. A deleted profile leaves the zones as they were.
     */
    public static List<ZoneChange> zonesAfter(List<ZoneChange> zones, PatientProfileUpdated newProfile,
                                              Instant receivedAt) {
        if (newProfile == null
                || !zones.isEmpty() && zones.get(zones.size() - 1).zone().equals(newProfile.timeZone())) {
            return zones;
        }
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
        return List.copyOf(next);
    }
}
