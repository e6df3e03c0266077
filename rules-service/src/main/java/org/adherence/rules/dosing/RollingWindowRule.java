package org.adherence.rules.dosing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;

/**
 * measure(doses in (t - window, t]) > limit for some time t; at most once per window of event time, measured
 * between the anchors t of the findings. The base of {@code DAILY_MAX_EXCEEDED} (amount) and {@code TOO_MANY_DOSES}
 * (count).
 * <p>
 * The measure of (t - window, t] only rises when t reaches a dose, and only falls as t moves on. So the times worth
 * checking are the doses and, because a finding suppresses its neighbours, the first times it no longer does: one
 * window before and after each anchor. The check runs over the whole history held, from its earliest event, so a
 * late dose can raise a finding about the past.
 * <p>
 * The alert id is keyed by the local day that holds most of the window's measure (its "overdose day"), not by the
 * exact anchor: when doses arrive out of order, the first window that exceeds may end at another dose, but it is
 * still about the same day. Two windows that exceed 24 hours apart yet fall on the same day (possible on a day of 25
 * hours) are told apart by their anchors. What stays order-dependent is described in the service README.
 */
abstract class RollingWindowRule implements Rule {

    /** One window that exceeded the limit. */
    record Exceeded(Instant start, Instant end, List<DoseEntry> doses, BigDecimal measure, LocalDate day) {

        /** The window's end with the offset of its last dose, as the app reported it. */
        OffsetDateTime endAt() {
            return end.atOffset(doses.get(doses.size() - 1).takenAt().getOffset());
        }

        OffsetDateTime startAt() {
            return start.atOffset(doses.get(doses.size() - 1).takenAt().getOffset());
        }
    }

    abstract RuleId rule();

    abstract Duration window(RuleContext context);

    abstract BigDecimal limit(RuleContext context);

    abstract BigDecimal measure(List<DoseEntry> doses);

    abstract Finding finding(RuleContext context, Exceeded exceeded, String key);

    @Override
    public final List<Finding> evaluate(RuleContext context) {
        List<DoseEntry> doses = context.doses();
        if (doses.isEmpty()) {
            return List.of();
        }
        Duration window = window(context);
        List<FindingEntry> earlier = context.findingsOf(rule());
        List<Instant> anchors = new ArrayList<>(earlier.stream().map(FindingEntry::anchor).toList());
        List<String> usedIds = new ArrayList<>(earlier.stream().map(FindingEntry::alertId).toList());
        TreeSet<Instant> candidates = new TreeSet<>();
        doses.forEach(dose -> candidates.add(dose.instant()));
        anchors.forEach(anchor -> {
            candidates.add(anchor.minus(window));
            candidates.add(anchor.plus(window));
        });
        List<Finding> found = new ArrayList<>();
        int first = 0;
        int last = 0;
        for (Instant end : candidates) {
            Instant start = end.minus(window);
            while (last < doses.size() && !doses.get(last).instant().isAfter(end)) {
                last++;
            }
            while (first < last && !doses.get(first).instant().isAfter(start)) {
                first++;
            }
            List<DoseEntry> inWindow = doses.subList(first, last);
            BigDecimal measure = measure(inWindow);
            if (measure.compareTo(limit(context)) > 0 && !nearAnotherAnchor(anchors, end, window)) {
                LocalDate day = heaviestDay(context, inWindow);
                String key = day.toString();
                if (usedIds.contains(context.alertId(rule(), key))) {
                    key = day + "|" + end;
                }
                anchors.add(end);
                usedIds.add(context.alertId(rule(), key));
                found.add(finding(context, new Exceeded(start, end, List.copyOf(inWindow), measure, day), key));
            }
        }
        return found;
    }

    private static boolean nearAnotherAnchor(List<Instant> anchors, Instant candidate, Duration window) {
        return anchors.stream().anyMatch(a -> a.isAfter(candidate.minus(window)) && a.isBefore(candidate.plus(window)));
    }

    /** The local day with the largest share of the window's measure; the earlier day on a tie. */
    private LocalDate heaviestDay(RuleContext context, List<DoseEntry> inWindow) {
        Map<LocalDate, List<DoseEntry>> byDay = new TreeMap<>();
        inWindow.forEach(d -> byDay.computeIfAbsent(context.localDate(d.instant()), k -> new ArrayList<>()).add(d));
        return byDay.entrySet().stream()
                .max(Comparator.<Map.Entry<LocalDate, List<DoseEntry>>, BigDecimal>comparing(e -> measure(e.getValue()))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }
}
