package org.adherence.rules.dosing;

import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.pack.RulePack;

/** {@code SINGLE_DOSE_ABOVE_MAX}: for each dose, doseMg > singleDose.maxMg; at most once per dose. */
public final class SingleDoseAboveMaxRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.SingleDose limit = context.pack().singleDose();
        return context.doses().stream()
                .filter(dose -> dose.doseMg().compareTo(limit.maxMg()) > 0)
                .map(dose -> new Finding(
                        context.alertId(RuleId.SINGLE_DOSE_ABOVE_MAX, dose.eventId()),
                        RuleId.SINGLE_DOSE_ABOVE_MAX,
                        dose.instant(),
                        Display.mg(dose.doseMg()) + " of " + context.pack().drug() + " taken at "
                                + context.display(dose.takenAt()) + "; the maximum single dose is "
                                + Display.mg(limit.maxMg()) + ".",
                        limit.guidance(),
                        new AlertEvidence(List.of(dose.eventId()), dose.doseMg(), limit.maxMg(),
                                context.local(dose.takenAt()), context.local(dose.takenAt()), List.of()),
                        context.pack().id()))
                .toList();
    }
}
