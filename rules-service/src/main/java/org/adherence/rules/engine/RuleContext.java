package org.adherence.rules.engine;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.pack.RulePack;

/**
 * What a rule sees: one patient's history under one rule pack, and the findings raised so far, including those of
 * rules that ran before it in this evaluation.
 */
public record RuleContext(PatientHistory history, RulePack pack, List<FindingEntry> findings) {

    public String patientId() {
        return history.patientId();
    }

    /** This pack's drug's doses, in event-time order. */
    public List<DoseEntry> doses() {
        return history.dosesOf(pack.drug());
    }

    public List<SymptomEntry> symptoms() {
        return history.symptoms();
    }

    public List<FindingEntry> findingsOf(RuleId rule) {
        return findings.stream().filter(f -> f.rule() == rule).toList();
    }

    public String alertId(RuleId rule, String findingKey) {
        return AlertIds.of(pack.id(), rule, patientId(), findingKey);
    }

    /** A time as the care team should read it: in the patient's time zone, else with the offset the app sent. */
    public String display(OffsetDateTime time) {
        Optional<ZoneId> zone = history.currentProfile().map(p -> p.timeZone());
        return Display.time(zone.map(time::atZoneSameInstant).map(z -> z.toOffsetDateTime()).orElse(time));
    }

    /** A time in the zone the care team reads, for evidence. */
    public OffsetDateTime local(OffsetDateTime time) {
        return history.currentProfile().map(p -> time.atZoneSameInstant(p.timeZone()).toOffsetDateTime())
                .orElse(time);
    }
}
