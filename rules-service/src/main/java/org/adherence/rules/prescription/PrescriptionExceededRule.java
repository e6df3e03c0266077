package org.adherence.rules.prescription;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Prescribed;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code PRESCRIPTION_EXCEEDED}: for each local day under a prescription, the first dose with doseMg > rx.doseMg
 * or that brings the day's running total above rx.doseMg * rx.timesPerDay (of all prescriptions in force that day
 * together: the largest dose, the sum of the daily doses; the daily total not on a day lengthened by a change of the
 * patient's zone); at most once per local day.
 */
public final class PrescriptionExceededRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<LocalDate, List<DoseEntry>> day : context.dosesByDay().entrySet()) {
            context.prescribedOn(day.getKey())
                    .flatMap(rx -> firstExcess(context, day.getKey(), day.getValue(), rx))
                    .ifPresent(found::add);
        }
        return found;
    }

    private static Optional<Finding> firstExcess(RuleContext context, LocalDate day, List<DoseEntry> doses,
                                                 Prescribed rx) {
        BigDecimal daily = rx.dailyMg();
        String advised = "; " + rx.describe() + ".";
        BigDecimal running = BigDecimal.ZERO;
        for (int i = 0; i < doses.size(); i++) {
            DoseEntry dose = doses.get(i);
            running = running.add(dose.doseMg());
            List<DoseEntry> upTo = doses.subList(0, i + 1);
            if (dose.doseMg().compareTo(rx.doseMg()) > 0) {
                return Optional.of(finding(context, day, upTo, dose.doseMg(), rx.doseMg(),
                        Display.mg(dose.doseMg()) + " of " + context.pack().drug() + " taken at "
                                + context.display(dose.takenAt()) + ", more than the prescribed dose" + advised));
            }
            // a day lengthened by a change of the patient's zone holds more than a day's doses; DAILY_MAX_EXCEEDED's
            // 24-hour windows still watch it
            if (running.compareTo(daily) > 0 && !context.lengthenedByZoneChange(day)) {
                return Optional.of(finding(context, day, upTo, running, daily,
                        Display.mg(running) + " of " + context.pack().drug() + " taken on " + day + " by "
                                + context.display(dose.takenAt()) + ", more than the prescribed daily dose"
                                + advised));
            }
        }
        return Optional.empty();
    }

    private static Finding finding(RuleContext context, LocalDate day, List<DoseEntry> doses, BigDecimal amount,
                                   BigDecimal limit, String summary) {
        DoseEntry last = doses.get(doses.size() - 1);
        return context.finding(RuleId.PRESCRIPTION_EXCEEDED, day.toString(), last.instant(), summary,
                context.pack().prescriptionExceeded().guidance(),
                new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), amount, limit,
                        context.local(context.startOf(day)), context.local(last.takenAt()), List.of()));
    }
}
