package org.adherence.rules.judging;

import java.time.Duration;
import java.util.Collection;

import org.adherence.rules.pack.RulePack;

/**
 * How far around an event the judging loads a patient's history, worked out once from the packs in force: enough for
 * every rule to judge whole every finding an event (or the passing of time) can newly give.
 *
 * @param eventDays    local days of doses before the day of a new dose that the rules about what happened read
 *                     (24-hour windows, the dose before a double dose and the window that inhibits it)
 * @param eventForward event time after a new dose within which it can still change a finding: a 24-hour window that
 *                     ends a day later, and the muscle weakness reported after an overdose it reveals
 * @param scanDays     local days of doses before the first day the scan judges that the time-based rules read (the
 *                     rises of the days before a rise, the days before a reduction, a day of no dose)
 * @param findingSpan  how far back from the earliest event loaded findings are loaded (withdrawal and overdose
 *                     windows after a finding, the findings that keep a 24-hour window from firing again)
 */
record Horizons(int eventDays, Duration eventForward, int scanDays, Duration findingSpan) {

    private static final Duration DAY = Duration.ofDays(1);

    static Horizons of(Collection<RulePack> packs) {
        int eventDays = 0;
        int scanDays = 0;
        Duration forward = Duration.ZERO;
        Duration findings = Duration.ZERO;
        for (RulePack pack : packs) {
            Duration window = max(pack.dailyMax().window(), pack.tooManyDoses().window());
            eventDays = Math.max(eventDays, days(window.plus(pack.doubleDose().minInterval())) + 1);
            forward = max(forward, window.plus(pack.overdoseSigns().afterFindingWithin()));
            scanDays = Math.max(scanDays, Math.max(Math.max(2 * pack.titration().minDaysBetweenRises() - 1,
                    pack.doseReduction().establishedUseDays()), Math.max(eventDays,
                    days(pack.discontinuation().noDoseFor()))) + 1);
            findings = max(findings, max(pack.withdrawalSigns().within(), pack.overdoseSigns().afterFindingWithin())
                    .plus(window).plus(DAY.multipliedBy(2)));
        }
        return new Horizons(eventDays, forward, scanDays, findings);
    }

    private static int days(Duration duration) {
        return (int) ((duration.toSeconds() + DAY.toSeconds() - 1) / DAY.toSeconds());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
