package org.adherence.rules.dosing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code DOUBLE_DOSE}: for each dose, takenAt - takenAt(the dose before it) < doubleDose.minInterval; at most once per
 * dose. A late dose between two others can only shorten the intervals, so a finding never has to be taken back.
 */
public final class DoubleDoseRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Duration minInterval = context.pack().doubleDose().minInterval();
        List<DoseEntry> doses = context.doses();
        List<Finding> found = new ArrayList<>();
        for (int i = 1; i < doses.size(); i++) {
            DoseEntry before = doses.get(i - 1);
            DoseEntry dose = doses.get(i);
            Duration interval = Duration.between(before.instant(), dose.instant());
            if (interval.compareTo(minInterval) < 0) {
                found.add(context.finding(RuleId.DOUBLE_DOSE, dose.eventId(), dose.instant(),
                        Display.mg(dose.doseMg()) + " of " + context.pack().drug() + " taken at "
                                + context.display(dose.takenAt()) + ", " + Display.duration(interval)
                                + " after the " + Display.mg(before.doseMg()) + " taken at "
                                + context.display(before.takenAt()) + "; doses are at least "
                                + Display.duration(minInterval) + " apart.",
                        context.pack().doubleDose().guidance(),
                        new AlertEvidence(List.of(before.eventId(), dose.eventId()),
                                before.doseMg().add(dose.doseMg()), null, context.local(before.takenAt()),
                                context.local(dose.takenAt()), List.of())));
            }
        }
        return found;
    }
}
