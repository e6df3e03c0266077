package org.adherence.rules.dosing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.pack.RulePack;

/**
 * {@code DOUBLE_DOSE}: for each dose, takenAt - takenAt(the dose before it) < doubleDose.minInterval; at most once per
 * dose. A late dose between two others can only shorten the intervals, so a finding never has to be taken back.
 * <p>
 * Inhibited, as Alertmanager inhibits a lesser alert under a greater one, when the dose ends a 24-hour window that
 * breaks the daily maximum: that is the HIGH {@code DAILY_MAX_EXCEEDED} (raised at most once per 24 hours) the care
 * team has been told of, and RULES.md's first example asks for "nothing new" from the 23:00 dose one hour after the
 * 22:00 one. Such a window only grows as doses arrive, so a double dose posted before the earlier doses of its window
 * can still fire: the one order-dependent case of this rule, described in the service README.
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
            if (interval.compareTo(minInterval) < 0 && !breaksTheDailyMaximum(context, doses, i)) {
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

    /** Whether the doses in (takenAt - window, takenAt] of dose {@code index} add up to more than the daily maximum. */
    private static boolean breaksTheDailyMaximum(RuleContext context, List<DoseEntry> doses, int index) {
        RulePack.DailyMax dailyMax = context.pack().dailyMax();
        Instant start = doses.get(index).instant().minus(dailyMax.window());
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = index; i >= 0 && doses.get(i).instant().isAfter(start); i--) {
            amount = amount.add(doses.get(i).doseMg());
        }
        return amount.compareTo(dailyMax.maxMg()) > 0;
    }
}
