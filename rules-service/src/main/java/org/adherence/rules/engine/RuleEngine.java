package org.adherence.rules.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.pack.RulePacks;

/**
 * Runs every rule over a patient's history and returns the findings not raised before. Plain Java: the stream
 * processor, the tests and an offline replay all call it the same way.
 */
public final class RuleEngine {

    private final RulePacks packs;

    private final List<Rule> rules;

    /**
     * @param rules in the order they run; rules that depend on other findings come after the rules that raise them
     */
    public RuleEngine(RulePacks packs, List<Rule> rules) {
        this.packs = packs;
        this.rules = List.copyOf(rules);
    }

    /** The outcome of one event: the history after it and the findings it raised (none for a duplicate). */
    public record Outcome(PatientHistory history, List<Finding> findings, boolean changed) {
    }

    public Outcome accept(PatientHistory history, DoseTaken dose) {
        return history.holdsEvent(dose.eventId()) ? unchanged(history) : evaluate(history.withDose(dose));
    }

    public Outcome accept(PatientHistory history, SymptomsReported report) {
        return history.holdsEvent(report.eventId()) ? unchanged(history) : evaluate(history.withSymptoms(report));
    }

    /**
     * A new, changed or deleted ({@code null}) profile. The rules run again over the history held, so findings that
     * depend on the profile are raised also for doses that arrived before it.
     */
    public Outcome acceptProfile(PatientHistory history, PatientProfileUpdated profile) {
        return evaluate(history.withProfile(profile));
    }

    private Outcome evaluate(PatientHistory history) {
        List<Finding> findings = newFindings(history);
        return new Outcome(history.withFindings(findings.stream().map(Finding::toEntry).toList()), findings, true);
    }

    private static Outcome unchanged(PatientHistory history) {
        return new Outcome(history, List.of(), false);
    }

    List<Finding> newFindings(PatientHistory history) {
        List<Finding> raised = new ArrayList<>();
        for (RulePack pack : relevantPacks(history)) {
            List<FindingEntry> known = new ArrayList<>(history.findings());
            for (Rule rule : rules) {
                for (Finding finding : rule.evaluate(new RuleContext(history, pack, List.copyOf(known)))) {
                    if (!history.hasRaised(finding.alertId()) && !contains(raised, finding)) {
                        raised.add(finding);
                        known.add(finding.toEntry());
                    }
                }
            }
        }
        return raised;
    }

    /**
     * The packs of the drugs the patient takes or is prescribed; every pack for a patient of whom nothing of the
     * kind is known yet, so that a symptom report is never checked by nothing.
     */
    private Collection<RulePack> relevantPacks(PatientHistory history) {
        Set<String> drugs = new HashSet<>();
        history.doses().stream().map(DoseEntry::drug).forEach(drugs::add);
        history.currentProfile().ifPresent(profile -> profile.prescriptions().forEach(p -> drugs.add(p.drug())));
        List<RulePack> relevant = drugs.stream().flatMap(drug -> packs.forDrug(drug).stream()).toList();
        return relevant.isEmpty() ? packs.all() : relevant;
    }

    private static boolean contains(List<Finding> findings, Finding finding) {
        return findings.stream().anyMatch(f -> f.alertId().equals(finding.alertId()));
    }
}
