package org.adherence.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.PatientView;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.pack.RulePacks;

/**
 * The rules as they judged before state was windowed: every event and every scan over the whole history, in one
 * value. The oracle of the differential test: the windowed judging must raise exactly what this raises.
 */
final class FullHistoryOracle {

    private final RuleEngine engine;

    private PatientHistory history;

    FullHistoryOracle(String patientId, RulePacks packs) {
        this.engine = RuleCatalog.engine(packs);
        this.history = new PatientHistory(patientId, null, List.of(), List.of(), List.of(), List.of());
    }

    List<Finding> dose(DoseTaken dose, Instant now) {
        if (holds(dose.eventId())) {
            return List.of();
        }
        List<DoseEntry> doses = new ArrayList<>(history.doses());
        doses.add(DoseEntry.of(dose));
        doses.sort(java.util.Comparator.comparing(DoseEntry::instant).thenComparing(DoseEntry::eventId));
        history = new PatientHistory(history.patientId(), history.profile(), doses, history.symptoms(),
                history.findings(), history.zones());
        return evaluate(now, false);
    }

    List<Finding> symptoms(SymptomsReported report, Instant now) {
        if (holds(report.eventId())) {
            return List.of();
        }
        List<SymptomEntry> symptoms = new ArrayList<>(history.symptoms());
        symptoms.add(SymptomEntry.of(report));
        symptoms.sort(java.util.Comparator.comparing(SymptomEntry::instant).thenComparing(SymptomEntry::eventId));
        history = new PatientHistory(history.patientId(), history.profile(), history.doses(), symptoms,
                history.findings(), history.zones());
        return evaluate(now, false);
    }

    List<Finding> profile(PatientProfileUpdated profile, Instant now) {
        history = new PatientHistory(history.patientId(), profile, history.doses(), history.symptoms(),
                history.findings(), PatientHistory.zonesAfter(history.zones(), profile, now));
        return evaluate(now, false);
    }

    List<Finding> scan(Instant now) {
        return evaluate(now, true);
    }

    private List<Finding> evaluate(Instant now, boolean withTimeBased) {
        List<Finding> found = engine.evaluate(PatientView.whole(history), now, withTimeBased).findings();
        List<FindingEntry> findings = new ArrayList<>(history.findings());
        found.forEach(f -> findings.add(f.toEntry()));
        history = new PatientHistory(history.patientId(), history.profile(), history.doses(), history.symptoms(),
                findings, history.zones());
        return found;
    }

    private boolean holds(String eventId) {
        return history.doses().stream().anyMatch(d -> d.eventId().equals(eventId))
                || history.symptoms().stream().anyMatch(s -> s.eventId().equals(eventId));
    }
}
