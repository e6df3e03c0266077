package org.adherence.rules.dosing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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
 * {@code DAILY_MAX_EXCEEDED}: sum(doses in (t - window, t]) > dailyMax.maxMg for some time t; at most once per
 * window of event time, measured between the anchors t of the findings.
 * <p>
 * The total of (t - window, t] only rises when t reaches a dose, and only falls as t moves on. So the times worth
 * checking are the doses and, because a finding suppresses its neighbours, the first times it no longer does:
 * one window before and after each anchor. Late doses are simply part of the history, so they can raise a
 * finding about the past.
 */
public final class DailyMaxExceededRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.DailyMax limit = context.pack().dailyMax();
        List<DoseEntry> doses = context.doses();
        if (doses.isEmpty()) {
            return List.of();
        }
        List<Instant> anchors = new ArrayList<>(context.findingsOf(RuleId.DAILY_MAX_EXCEEDED).stream()
                .map(FindingEntry::anchor).toList());
        TreeSet<Instant> candidates = new TreeSet<>();
        doses.forEach(dose -> candidates.add(dose.instant()));
        anchors.forEach(anchor -> {
            candidates.add(anchor.minus(limit.window()));
            candidates.add(anchor.plus(limit.window()));
        });
        List<Finding> found = new ArrayList<>();
        for (Instant windowEnd : candidates) {
            Instant windowStart = windowEnd.minus(limit.window());
            List<DoseEntry> inWindow = doses.stream()
                    .filter(d -> d.instant().isAfter(windowStart) && !d.instant().isAfter(windowEnd))
                    .toList();
            BigDecimal total = inWindow.stream().map(DoseEntry::doseMg).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (total.compareTo(limit.maxMg()) > 0 && !nearAnotherAnchor(anchors, windowEnd, limit)) {
                anchors.add(windowEnd);
                found.add(finding(context, limit, windowEnd, inWindow, total));
            }
        }
        return found;
    }

    private static boolean nearAnotherAnchor(List<Instant> anchors, Instant candidate, RulePack.DailyMax limit) {
        return anchors.stream().anyMatch(a -> a.isAfter(candidate.minus(limit.window()))
                && a.isBefore(candidate.plus(limit.window())));
    }

    private static Finding finding(RuleContext context, RulePack.DailyMax limit, Instant windowEnd,
                                   List<DoseEntry> inWindow, BigDecimal total) {
        // written with the offset of the window's last dose, as the app reported it
        OffsetDateTime end = windowEnd.atOffset(inWindow.get(inWindow.size() - 1).takenAt().getOffset());
        OffsetDateTime start = end.minus(limit.window());
        return new Finding(
                context.alertId(RuleId.DAILY_MAX_EXCEEDED, windowEnd.toString()),
                RuleId.DAILY_MAX_EXCEEDED,
                windowEnd,
                Display.mg(total) + " of " + context.pack().drug() + " in the " + limit.window().toHours()
                        + " hours to " + context.display(end) + "; the maximum is " + Display.mg(limit.maxMg()) + ".",
                limit.guidance(),
                new AlertEvidence(inWindow.stream().map(DoseEntry::eventId).toList(), total, limit.maxMg(),
                        context.local(start), context.local(end), List.of()),
                context.pack().id());
    }
}
