package org.adherence.rules.prescription;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Prescribed;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code MISSED_DOSES}: for each completed local day under a prescription, 0 < count(doses) < rx.timesPerDay (of
 * all prescriptions in force), but for the first and last day of a prescription and a day shortened by a change of
 * the patient's zone; at most once per local day. Time-based: a day is judged once it has ended in the patient's
 * zone.
 */
public final class MissedDosesRule implements Rule {

    @Override
    public boolean timeBased() {
        return true;
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<LocalDate, List<DoseEntry>> entry : context.dosesByDay().entrySet()) {
            LocalDate day = entry.getKey();
            List<DoseEntry> doses = entry.getValue();
            // nor on a day the patient's zone changed that is shorter than a day: it may hold fewer doses
            if (!context.completed(day) || context.shortenedByZoneChange(day)) {
                continue;
            }
            // not on a prescription's first or last day, which the patient may well start or end at noon
            context.prescribedOn(day).filter(rx -> doses.size() < rx.timesPerDay() && !rx.startsOrEndsOn(day))
                    .ifPresent(rx -> found.add(finding(context, day, doses, rx)));
        }
        return found;
    }

    private static Finding finding(RuleContext context, LocalDate day, List<DoseEntry> doses, Prescribed rx) {
        String taken = doses.stream().map(d -> Display.mg(d.doseMg()) + " at " + Display.clock(context.local(d.takenAt())))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        return context.finding(RuleId.MISSED_DOSES, day.toString(), context.endOf(day),
                doses.size() + " of the " + rx.timesPerDay() + " prescribed doses of " + context.pack().drug()
                        + " taken on " + day + " (" + taken + "): " + (rx.timesPerDay() - doses.size())
                        + " missed.",
                context.pack().missedDoses().guidance(),
                new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), RuleContext.total(doses),
                        rx.dailyMg(),
                        context.local(context.startOf(day)), context.local(context.endOf(day)), List.of()));
    }
}
