package org.adherence.rules;

import java.util.List;

import org.adherence.rules.dosing.DailyMaxExceededRule;
import org.adherence.rules.dosing.SingleDoseAboveMaxRule;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.overdose.OverdoseSignsRule;
import org.adherence.rules.pack.RulePacks;

/** Every rule in force, in the order they run: rules that depend on other findings after those that raise them. */
public final class RuleCatalog {

    private RuleCatalog() {
    }

    public static RuleEngine engine(RulePacks packs) {
        return new RuleEngine(packs, List.of(
                new SingleDoseAboveMaxRule(),
                new DailyMaxExceededRule(),
                new OverdoseSignsRule()));
    }
}
