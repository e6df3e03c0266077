package org.adherence.rules.prescription;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code TITRATION_TOO_FAST}: a local day D is a rise when total(D - 1) > 0 and total(D) is above the total of each
 * of the n = titration.minDaysBetweenRises days before it (a new level, not a dose moved across midnight); a rise
 * less than n local days after the rise before it is a finding; at most once per rise.
 * <p>
 * The first day of use is no rise (there is no dose to rise from), nor a day lengthened by a change of the patient's
 * zone. Time-based, because a day's total only grows as
 * late doses arrive: a rise over a day whose doses are still on their way would be a false one, so the rule judges
 * on the wall-clock scan, over the doses held by then.
 */
public final class TitrationTooFastRule implements Rule {

    @Override
    public boolean timeBased() {
        return true;
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        SortedMap<LocalDate, List<DoseEntry>> byDay = context.dosesByDay();
        int minDays = context.pack().titration().minDaysBetweenRises();
        List<Finding> found = new ArrayList<>();
        LocalDate lastRise = null;
        for (LocalDate day : byDay.keySet()) {
            List<DoseEntry> before = byDay.get(day.minusDays(1));
            if (before == null) {
                continue;
            }
            BigDecimal previous = RuleContext.total(before);
            List<DoseEntry> doses = byDay.get(day);
            // a day lengthened by a change of the patient's zone holds more than a day's doses: no rise
            if (RuleContext.total(doses).compareTo(highestBefore(byDay, day, minDays)) <= 0
                    || context.lengthenedByZoneChange(day)) {
                continue;
            }
            if (lastRise != null && ChronoUnit.DAYS.between(lastRise, day) < minDays) {
                found.add(finding(context, day, doses, previous, lastRise));
            }
            lastRise = day;
        }
        return found;
    }

    /**
     * The highest daily total of the n days before {@code day}. A rise is a new level, above each of them: a dose
     * taken a little after midnight instead of a little before moves 10 mg from one day to the next, and the days
     * alternating 20, 40, 20, 40 mg would otherwise be a rise every other day.
     */
    private static BigDecimal highestBefore(SortedMap<LocalDate, List<DoseEntry>> byDay, LocalDate day, int n) {
        BigDecimal highest = BigDecimal.ZERO;
        for (int i = 1; i <= n; i++) {
            List<DoseEntry> doses = byDay.get(day.minusDays(i));
            highest = doses == null ? highest : highest.max(RuleContext.total(doses));
        }
        return highest;
    }

    private static Finding finding(RuleContext context, LocalDate day, List<DoseEntry> doses, BigDecimal previous,
                                   LocalDate lastRise) {
        // the dose at which the running total passed the day before's
        BigDecimal running = BigDecimal.ZERO;
        int rise = 0;
        while (running.compareTo(previous) <= 0) {
            running = running.add(doses.get(rise++).doseMg());
        }
        DoseEntry risen = doses.get(rise - 1);
        BigDecimal total = RuleContext.total(doses);
        long days = ChronoUnit.DAYS.between(lastRise, day);
        return context.finding(RuleId.TITRATION_TOO_FAST, day.toString(), risen.instant(),
                "The daily dose of " + context.pack().drug() + " rose to " + Display.mg(total) + " on " + day
                        + " from " + Display.mg(previous) + " the day before, " + days + (days == 1 ? " day" : " days")
                        + " after the last rise on " + lastRise + "; the dose is raised every "
                        + context.pack().titration().minDaysBetweenRises() + " days at the fastest.",
                context.pack().titration().guidance(),
                new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), total, previous,
                        context.local(context.startOf(lastRise)), context.local(risen.takenAt()), List.of()));
    }
}
