package org.adherence.rules.judging;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.adherence.rules.engine.Finding;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.ZoneTimeline;
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.pack.RulePacks;

/**
 * Whether a window of a patient's history holds everything a finding rests on: the events of the span of event time
 * its rule reads around the finding's anchor (below), and the findings before and after it that its rule reads. A
 * finding near the edge of the window, whose rule would read an event that is not loaded, is left to a judgement
 * whose window holds it whole: it was judged whole when it was new.
 * <pre>
 * rule                                 events read                            findings read
 * SINGLE_DOSE_ABOVE_MAX                the dose                               -
 * DAILY_MAX_EXCEEDED, TOO_MANY_DOSES   (a - window, a]                        [start of the day of a - window, end of a's day + window]
 * DOUBLE_DOSE                          [a - window - interval, a]             -
 * PRESCRIPTION_EXCEEDED, PEDIATRIC_USE a's local day                          -
 * TITRATION_TOO_FAST                   a's day and the 2n - 1 days before     -
 * MISSED_DOSES                         the day ending at a                    -
 * SUDDEN_DOSE_REDUCTION                that day and the n days before         -
 * ABRUPT_DISCONTINUATION               [a - noDoseFor, a]                     -
 * DOSING_RESUMED                       from the last dose before the stop     the stop
 * WITHDRAWAL_SIGNS, side effects       the report                             [a - within, a]
 * OVERDOSE_SIGNS                       the report                             [a - max(within, afterFindingWithin), a]
 * CONTRAINDICATION_REVIEW, INTERACTION the latest dose (always loaded)        -
 * </pre>
 *
 * @param eventsFrom   doses are whole from here (the start of the window, or of what is held)
 * @param reportsFrom  reports are loaded from here (a dose's window reads only the reports after it)
 * @param eventsTo     events are whole up to here (inclusive)
 * @param findingsFrom findings are whole from here
 * @param findingsTo   findings are whole up to here (inclusive)
 * @param stopDoses    the doses loaded that every later dose up to {@code eventsTo} follows in the window: the
 *                     doses from {@code eventsFrom} on and the last dose before it
 */
record Coverage(Instant eventsFrom, Instant reportsFrom, Instant eventsTo, Instant findingsFrom, Instant findingsTo, ZoneTimeline timeline,
                List<DoseEntry> stopDoses, RulePacks packs) {

    boolean covers(Finding finding) {
        RulePack pack = packs.all().stream().filter(p -> p.id().equals(finding.rulePack())).findFirst().orElse(null);
        if (pack == null) {
            return false;
        }
        Instant a = finding.anchor();
        return switch (finding.rule()) {
            case SINGLE_DOSE_ABOVE_MAX -> events(a, a);
            case DAILY_MAX_EXCEEDED -> rolling(a, pack.dailyMax().window());
            case TOO_MANY_DOSES -> rolling(a, pack.tooManyDoses().window());
            case DOUBLE_DOSE -> events(a.minus(pack.dailyMax().window()).minus(pack.doubleDose().minInterval()), a);
            case PRESCRIPTION_EXCEEDED, PEDIATRIC_USE -> days(day(a), 0);
            case TITRATION_TOO_FAST -> days(day(a), 2 * pack.titration().minDaysBetweenRises() - 1);
            case MISSED_DOSES -> days(day(a.minusNanos(1)), 0);
            case SUDDEN_DOSE_REDUCTION -> days(day(a.minusNanos(1)), pack.doseReduction().establishedUseDays());
            case ABRUPT_DISCONTINUATION -> events(a.minus(pack.discontinuation().noDoseFor()), a);
            case DOSING_RESUMED -> resumed(finding);
            case WITHDRAWAL_SIGNS, SERIOUS_SIDE_EFFECT, SIDE_EFFECT_REPORTED ->
                    report(a) && findings(a.minus(pack.withdrawalSigns().within()), a);
            case OVERDOSE_SIGNS -> report(a) && findings(a.minus(longer(pack.withdrawalSigns().within(),
                    pack.overdoseSigns().afterFindingWithin())), a);
            case CONTRAINDICATION_REVIEW, INTERACTION_RISK -> true;
        };
    }

    private boolean rolling(Instant a, Duration window) {
        return events(a.minus(window), a)
                && findings(timeline.startOf(day(a.minus(window))), timeline.endOf(day(a)).plus(window));
    }

    /** The stop's last dose, every dose after it up to the resumption, and the stop itself are loaded. */
    private boolean resumed(Finding finding) {
        List<String> ids = finding.evidence().eventIds();
        return !ids.isEmpty() && !finding.anchor().isAfter(eventsTo)
                && stopDoses.stream().anyMatch(dose -> dose.eventId().equals(ids.get(0)));
    }

    private boolean days(LocalDate day, int before) {
        return events(timeline.startOf(day.minusDays(before)), timeline.endOf(day).minusNanos(1));
    }

    private boolean events(Instant from, Instant to) {
        return !from.isBefore(eventsFrom) && !to.isAfter(eventsTo);
    }

    private boolean report(Instant at) {
        return !at.isBefore(reportsFrom) && !at.isAfter(eventsTo);
    }

    private boolean findings(Instant from, Instant to) {
        return !from.isBefore(findingsFrom) && !to.isAfter(findingsTo);
    }

    private LocalDate day(Instant at) {
        return timeline.localDate(at);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
