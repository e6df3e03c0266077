package org.adherence.rules.symptoms;

import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;

/**
 * {@code SIDE_EFFECT_REPORTED}: a report with one of sideEffects.common that no finding above covers; at most once
 * per report. The only common side effects a finding above can name are withdrawal signs (confusion, muscle
 * stiffness) within a withdrawal window, so those are left out there; whether a report covered is decided per
 * symptom, which keeps the outcome the same whatever order the report and the doses arrive in.
 */
public final class SideEffectReportedRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        return SideEffectFinding.perReport(context, RuleId.SIDE_EFFECT_REPORTED, context.pack().sideEffects().common(),
                "a more common side effect", context.pack().sideEffects().commonGuidance());
    }
}
