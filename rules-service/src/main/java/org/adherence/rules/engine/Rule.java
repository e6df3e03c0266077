package org.adherence.rules.engine;

import java.util.List;

/** One clinical rule: a small plain class over a patient's history, with its thresholds from the rule pack. */
public interface Rule {

    /**
     * Every finding the history implies, including ones raised before: the engine drops those already raised,
     * and a rule consults {@link RuleContext#findings} where its "at most" depends on earlier findings.
     */
    List<Finding> evaluate(RuleContext context);
}
