package org.adherence.rules;

import java.util.List;

import org.adherence.rules.discontinuation.AbruptDiscontinuationRule;
import org.adherence.rules.discontinuation.DosingResumedRule;
import org.adherence.rules.discontinuation.SuddenDoseReductionRule;
import org.adherence.rules.dosing.DailyMaxExceededRule;
import org.adherence.rules.dosing.DoubleDoseRule;
import org.adherence.rules.dosing.SingleDoseAboveMaxRule;
import org.adherence.rules.dosing.TooManyDosesRule;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.overdose.OverdoseSignsRule;
import org.adherence.rules.pack.RulePacks;
import org.adherence.rules.prescription.MissedDosesRule;
import org.adherence.rules.prescription.PrescriptionExceededRule;
import org.adherence.rules.prescription.TitrationTooFastRule;
import org.adherence.rules.profile.ContraindicationReviewRule;
import org.adherence.rules.profile.InteractionRiskRule;
import org.adherence.rules.profile.PediatricUseRule;
import org.adherence.rules.symptoms.SeriousSideEffectRule;
import org.adherence.rules.symptoms.SideEffectReportedRule;
import org.adherence.rules.symptoms.WithdrawalSignsRule;

/**
 * Every rule in force, in the order they run: rules that depend on other findings after those that raise them
 * (the dose limits before the overdose signs; the stop and the reduction before the resumption and the withdrawal
 * signs; the withdrawal signs before the overdose and side-effect rules, which leave its signs to it).
 */
public final class RuleCatalog {

    private RuleCatalog() {
    }

    public static RuleEngine engine(RulePacks packs) {
        return new RuleEngine(packs, List.of(
                new SingleDoseAboveMaxRule(),
                new DailyMaxExceededRule(),
                new TooManyDosesRule(),
                new DoubleDoseRule(),
                new PrescriptionExceededRule(),
                new TitrationTooFastRule(),
                new PediatricUseRule(),
                new AbruptDiscontinuationRule(),
                new SuddenDoseReductionRule(),
                new DosingResumedRule(),
                new MissedDosesRule(),
                new WithdrawalSignsRule(),
                new OverdoseSignsRule(),
                new SeriousSideEffectRule(),
                new SideEffectReportedRule(),
                new ContraindicationReviewRule(),
                new InteractionRiskRule()));
    }
}
