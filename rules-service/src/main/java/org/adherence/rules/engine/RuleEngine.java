package org.adherence.rules.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.pack.RulePacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules over a view of a patient's history and returns the findings not raised before. Plain Java: the
 * judging of the stream processor, the tests and the replay command all call it the same way, with the wall-clock time
 * as {@code now}.
 * <p>
 * An event runs the rules about what happened; the wall-clock scan runs every rule, including the
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
     * The findings of one evaluation not raised before, and whether a rule failed on the way (its findings may be
     * missing: the caller judges the patient again later).
     */
    public record Outcome(List<Finding> findings, boolean ruleFailed) {
    }

    /**
     * Runs the rules over a view of a patient's history: on an event the rules about what happened, on the wall-clock
     * scan ({@code withTimeBased}) every rule. The findings whose alert id the view says was raised before are left out.
     */
    public Outcome evaluate(PatientView view, Instant now, boolean withTimeBased) {
        List<Finding> raised = new ArrayList<>();
        List<FindingEntry> known = new ArrayList<>(view.window().findings());
        boolean[] failed = {false};
        for (RulePack pack : relevantPacks(view)) {
            // one context per pack: the rules share what it works out; it sees the findings as they are added
            RuleContext context = new RuleContext(view, pack, Collections.unmodifiableList(known), now);
            for (Rule rule : rules) {
                if (rule.timeBased() && !withTimeBased) {
                    continue;
                }
                for (Finding finding : evaluate(rule, context, failed)) {
                    if (!view.raisedBefore().test(finding.alertId()) && !contains(raised, finding)
                            && view.judged().test(finding)) {
                        raised.add(finding);
                        known.add(finding.toEntry());
                    }
                }
            }
        }
        return new Outcome(List.copyOf(raised), failed[0]);
    }

    /**
     * A rule that fails on one history (a bug) leaves the other rules to judge it: a patient loses one rule's
     * findings, not all of them, and an exception never reaches the stream, where it would be thrown again on every
     * retry and stop the alerts of every patient.
     */
    private static List<Finding> evaluate(Rule rule, RuleContext context, boolean[] failed) {
        try {
            return rule.evaluate(context);
        }
        catch (RuntimeException e) {
            failed[0] = true;
            log.error("Rule {} failed for patientId={} under {}; the other rules go on",
                    rule.getClass().getSimpleName(), context.patientId(), context.pack().id(), e);
            return List.of();
        }
    }

    /**
     * The packs of the drugs the patient takes or is prescribed; every pack for a patient of whom nothing of the
     * kind is known yet, so that a symptom report is never checked by nothing.
     */
    private Collection<RulePack> relevantPacks(PatientView view) {
        Set<String> drugs = new HashSet<>(view.drugsHeld());
        view.window().currentProfile().ifPresent(profile -> profile.prescriptions().stream()
                .filter(p -> p.drug() != null).forEach(p -> drugs.add(p.drug().strip().toLowerCase(Locale.ROOT))));
        List<RulePack> relevant = packs.all().stream().filter(pack -> drugs.contains(pack.drug())).toList();
        return relevant.isEmpty() ? packs.all() : relevant;
    }

    private static boolean contains(List<Finding> findings, Finding finding) {
        return findings.stream().anyMatch(f -> f.alertId().equals(finding.alertId()));
    }
}
