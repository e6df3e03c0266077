package org.adherence.rules.engine;

import java.util.List;

/** One clinical rule: a small plain class over a patient's history, with its thresholds from the rule pack. */
public interface Rule {

    /**
     * Every finding the history implies, including ones raised before: the engine drops those already raised,
     * and a rule consults {@link RuleContext#findings} where its "at most" depends on earlier findings.
     */
    List<Finding> evaluate(RuleContext context);

    /**
     * Whether the rule judges something that has not happened (no dose for a day, a day with too few doses, a
     * day's total below the days before it). Such a rule runs only on the wall-clock scan, never on the arrival of
     * an event: an app that syncs a day of doses posts them one by one, and a rule that judged the first of them
     * would see a gap that the rest of the batch fills a moment later.
     */
    default boolean timeBased() {
        return false;
    }
}
