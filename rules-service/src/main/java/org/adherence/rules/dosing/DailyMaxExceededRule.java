package org.adherence.rules.dosing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.pack.RulePack;

/**
 * {@code DAILY_MAX_EXCEEDED}: sum(doses in (t - window, t]) > dailyMax.maxMg for the time t of some dose; at most
 * once per window of event time, measured between the anchors t of the findings.
 * <p>
 * Only windows that end at a dose need checking: moving a window's end forward to the next dose never lowers its
 * total. Late doses are simply part of the history, so they can raise a finding about the past.
 */
public final class DailyMaxExceededRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.DailyMax limit = context.pack().dailyMax();
        List<DoseEntry> doses = context.doses();
        List<Instant> anchors = new ArrayList<>(context.findingsOf(RuleId.DAILY_MAX_EXCEEDED).stream()
                .map(FindingEntry::anchor).toList());
        List<Finding> found = new ArrayList<>();
        for (DoseEntry end : doses) {
            Instant windowEnd = end.instant();
            Instant windowStart = windowEnd.minus(limit.window());
            List<DoseEntry> inWindow = doses.stream()
                    .filter(d -> d.instant().isAfter(windowStart) && !d.instant().isAfter(windowEnd))
                    .toList();
            BigDecimal total = inWindow.stream().map(DoseEntry::doseMg).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (total.compareTo(limit.maxMg()) > 0 && !nearAnotherAnchor(anchors, windowEnd, limit)) {
                anchors.add(windowEnd);
                found.add(finding(context, limit, end.takenAt(), inWindow, total));
            }
        }
        return found;
    }

    private static boolean nearAnotherAnchor(List<Instant> anchors, Instant candidate, RulePack.DailyMax limit) {
        return anchors.stream().anyMatch(a -> a.isAfter(candidate.minus(limit.window()))
                && a.isBefore(candidate.plus(limit.window())));
    }

    private static Finding finding(RuleContext context, RulePack.DailyMax limit, OffsetDateTime end,
                                   List<DoseEntry> inWindow, BigDecimal total) {
        OffsetDateTime start = end.minus(limit.window());
        return new Finding(
                context.alertId(RuleId.DAILY_MAX_EXCEEDED, end.toInstant().toString()),
                RuleId.DAILY_MAX_EXCEEDED,
                end.toInstant(),
                Display.mg(total) + " of " + context.pack().drug() + " in the " + hours(limit) + " to "
                        + context.display(end) + "; the maximum is " + Display.mg(limit.maxMg()) + ".",
                limit.guidance(),
                new AlertEvidence(inWindow.stream().map(DoseEntry::eventId).toList(), total, limit.maxMg(),
                        context.local(start), context.local(end), List.of()),
                context.pack().id());
    }

    private static String hours(RulePack.DailyMax limit) {
        return limit.window().toHours() + " hours";
    }
}
