package org.adherence.rules.symptoms;

import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;

/**
 * {@code SERIOUS_SIDE_EFFECT}: a report with one of sideEffects.rare, leaving out the withdrawal signs of a report
 * within a withdrawal window (see {@link WithdrawalWindow}); at most once per report.
 */
public final class SeriousSideEffectRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        return SideEffectFinding.perReport(context, RuleId.SERIOUS_SIDE_EFFECT, context.pack().sideEffects().rare(),
                "a rare, serious side effect", context.pack().sideEffects().rareGuidance());
    }
}
