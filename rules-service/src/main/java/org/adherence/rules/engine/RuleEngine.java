package org.adherence.rules.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.pack.RulePacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules over a patient's history and returns the findings not raised before. Plain Java: the stream
 * processor, the tests and the replay command all call it the same way, with the wall-clock time as {@code now}.
 * <p>
 * An event runs the rules about what happened; the wall-clock {@link #scan} runs every rule, including the
 * time-based ones about what has not happened (see {@link Rule#timeBased()}).
 */
public final class RuleEngine {

    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private final RulePacks packs;

    private final List<Rule> rules;

    /**
     * @param rules in the order they run; rules that depend on other findings come after the rules that raise them
     */
    public RuleEngine(RulePacks packs, List<Rule> rules) {
        this.packs = packs;
        this.rules = List.copyOf(rules);
    }

    /**
     * The outcome of one event or scan: the history after it and the findings it raised.
     *
     * @param changed whether the history differs from the one given (false for a duplicate event, or a scan that
     *                found nothing)
     */
    public record Outcome(PatientHistory history, List<Finding> findings, boolean changed) {
    }

    public Outcome accept(PatientHistory history, DoseTaken dose, Instant now) {
        return history.holdsEvent(dose.eventId()) ? unchanged(history)
                : evaluate(history.withDose(dose), now, false);
    }

    public Outcome accept(PatientHistory history, SymptomsReported report, Instant now) {
        return history.holdsEvent(report.eventId()) ? unchanged(history)
                : evaluate(history.withSymptoms(report), now, false);
    }

    /**
     * A new, changed or deleted ({@code null}) profile. The rules run again over the history held, so findings that
     * depend on the profile are raised also for doses that arrived before it. A new time zone is in force from the
     * profile's {@code updatedAt}, else from {@code now}: the days before keep the zone they were lived in.
     */
    public Outcome acceptProfile(PatientHistory history, PatientProfileUpdated profile, Instant now) {
        return evaluate(history.withProfile(profile, now), now, false);
    }

    /** The wall-clock check: every rule, including those about something that has not happened by {@code now}. */
    public Outcome scan(PatientHistory history, Instant now) {
        Outcome outcome = evaluate(history, now, true);
        return outcome.findings().isEmpty() ? unchanged(history) : outcome;
    }

    private Outcome evaluate(PatientHistory history, Instant now, boolean withTimeBased) {
        List<Finding> findings = newFindings(history, now, withTimeBased);
        return new Outcome(history.withFindings(findings.stream().map(Finding::toEntry).toList()), findings, true);
    }

    private static Outcome unchanged(PatientHistory history) {
        return new Outcome(history, List.of(), false);
    }

    private List<Finding> newFindings(PatientHistory history, Instant now, boolean withTimeBased) {
        List<Finding> raised = new ArrayList<>();
        List<FindingEntry> known = new ArrayList<>(history.findings());
        for (RulePack pack : relevantPacks(history)) {
            // one context per pack: the rules share what it works out; it sees the findings as they are added
            RuleContext context = new RuleContext(history, pack, Collections.unmodifiableList(known), now);
            for (Rule rule : rules) {
                if (rule.timeBased() && !withTimeBased) {
                    continue;
                }
                for (Finding finding : evaluate(rule, context)) {
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
     * A rule that fails on one history (a bug) leaves the other rules to judge it: a patient loses one rule's
     * findings, not all of them, and an exception never reaches the stream, where it would be thrown again on every
     * retry and stop the alerts of every patient.
     */
    private static List<Finding> evaluate(Rule rule, RuleContext context) {
        try {
            return rule.evaluate(context);
        }
        catch (RuntimeException e) {
            log.error("Rule {} failed for patientId={} under {}; the other rules go on",
                    rule.getClass().getSimpleName(), context.patientId(), context.pack().id(), e);
            return List.of();
        }
    }

    /**
     * The packs of the drugs the patient takes or is prescribed; every pack for a patient of whom nothing of the
     * kind is known yet, so that a symptom report is never checked by nothing.
     */
    private Collection<RulePack> relevantPacks(PatientHistory history) {
        Set<String> drugs = new HashSet<>();
        history.doses().stream().map(DoseEntry::drug).forEach(drugs::add);
        history.currentProfile().ifPresent(profile -> profile.prescriptions().stream()
                .filter(p -> p.drug() != null).forEach(p -> drugs.add(p.drug().strip().toLowerCase(Locale.ROOT))));
        List<RulePack> relevant = packs.all().stream().filter(pack -> drugs.contains(pack.drug())).toList();
        return relevant.isEmpty() ? packs.all() : relevant;
    }

    private static boolean contains(List<Finding> findings, Finding finding) {
        return findings.stream().anyMatch(f -> f.alertId().equals(finding.alertId()));
    }
}
