package org.adherence.rules.discontinuation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.pack.RulePack;

/**
 * {@code ABRUPT_DISCONTINUATION}: for each dose L after established use (doses on each of the
 * discontinuation.establishedUseDays local days up to L's), no dose in (L, L + noDoseFor] by the wall clock, and
 * the prescription, if any, not ended by L + noDoseFor (one that ended, with none in force then, advised the stop,
 * also when another starts later); at most once per stop (keyed by L's event id).
 * <p>
 * Time-based: it runs on the wall-clock scan, also for a patient who sends nothing more. Every gap in the history
 * is checked, not only the one after the last dose, so a history that arrives late tells of the stops in it as a
 * live one would have. The anchor is L + noDoseFor, the moment the stop became a finding; withdrawal signs are
 * looked for after it.
 */
public final class AbruptDiscontinuationRule implements Rule {

    @Override
    public boolean timeBased() {
        return true;
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.Discontinuation pack = context.pack().discontinuation();
        List<DoseEntry> doses = context.doses();
        Set<LocalDate> days = context.daysWithDoses();
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < doses.size(); i++) {
            DoseEntry last = doses.get(i);
            Instant due = last.instant().plus(pack.noDoseFor());
            boolean resumedInTime = i + 1 < doses.size() && !doses.get(i + 1).instant().isAfter(due);
            if (resumedInTime || context.now().isBefore(due)) {
                continue;
            }
            int run = EstablishedUse.runEndingOn(days, context.localDate(last.instant()));
            if (run >= pack.establishedUseDays() && !context.prescriptionEndedBefore(context.localDate(due))) {
                found.add(finding(context, pack, last, due, run));
            }
        }
        return found;
    }

    private static Finding finding(RuleContext context, RulePack.Discontinuation pack, DoseEntry last, Instant due,
                                   int run) {
        LocalDate lastDay = context.localDate(last.instant());
        return context.finding(RuleId.ABRUPT_DISCONTINUATION, last.eventId(), due,
                "No " + context.pack().drug() + " taken for " + Display.duration(pack.noDoseFor()) + " since "
                        + Display.mg(last.doseMg()) + " at " + context.display(last.takenAt()) + ", after daily use on "
                        + run + " days in a row (" + lastDay.minusDays(run - 1L) + " to " + lastDay
                        + "): a sudden stop, with a risk of withdrawal.",
                pack.guidance(),
                new AlertEvidence(List.of(last.eventId()), last.doseMg(), null, context.local(last.takenAt()),
                        context.local(due), List.of()));
    }
}
