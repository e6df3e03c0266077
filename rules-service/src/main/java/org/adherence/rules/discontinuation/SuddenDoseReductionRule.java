package org.adherence.rules.discontinuation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.pack.RulePack;

/**
 * {@code SUDDEN_DOSE_REDUCTION}: for each completed local day D with doses on each of the n =
 * doseReduction.establishedUseDays days before it, 0 < total(D) < belowFractionOfMean * mean(total(D-n..D-1)) and,
 * under a prescription, total(D) < rx.doseMg * rx.timesPerDay; not on a prescription's last day or after it ended,
 * nor on a day shortened by a change of the patient's zone; at most once per local day. Time-based: a day is judged
 * once it has ended in the patient's zone.
 */
public final class SuddenDoseReductionRule implements Rule {

    @Override
    public boolean timeBased() {
        return true;
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.DoseReduction pack = context.pack().doseReduction();
        SortedMap<LocalDate, List<DoseEntry>> byDay = context.dosesByDay();
        List<Finding> found = new ArrayList<>();
        for (LocalDate day : byDay.keySet()) {
            // a lower dose on a prescription's last day, or after it ended, is what was advised
            // nor on a day shortened by a change of the patient's zone, which may hold less
            if (!context.completed(day) || context.prescriptionEndedBefore(day) || context.shortenedByZoneChange(day)
                    || context.prescribedOn(day).filter(rx -> rx.endsOn(day)).isPresent()) {
                continue;
            }
            meanBefore(byDay, day, pack.establishedUseDays()).ifPresent(mean -> {
                BigDecimal total = RuleContext.total(byDay.get(day));
                BigDecimal threshold = mean.multiply(pack.belowFractionOfMean());
                boolean belowPrescription = context.prescribedOn(day)
                        .map(rx -> total.compareTo(rx.dailyMg()) < 0)
                        .orElse(true);
                if (total.compareTo(threshold) < 0 && belowPrescription) {
                    found.add(finding(context, pack, day, byDay.get(day), total, mean, threshold));
                }
            });
        }
        return found;
    }

    /** The mean daily total of the n days before {@code day}, if each of them has doses. */
    private static Optional<BigDecimal> meanBefore(SortedMap<LocalDate, List<DoseEntry>> byDay, LocalDate day, int n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 1; i <= n; i++) {
            List<DoseEntry> doses = byDay.get(day.minusDays(i));
            if (doses == null) {
                return Optional.empty();
            }
            sum = sum.add(RuleContext.total(doses));
        }
        return Optional.of(sum.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP));
    }

    private static Finding finding(RuleContext context, RulePack.DoseReduction pack, LocalDate day,
                                   List<DoseEntry> doses, BigDecimal total, BigDecimal mean, BigDecimal threshold) {
        return context.finding(RuleId.SUDDEN_DOSE_REDUCTION, day.toString(), context.endOf(day),
                Display.mg(total) + " of " + context.pack().drug() + " taken on " + day + ", less than "
                        + Display.fraction(pack.belowFractionOfMean()) + " the " + Display.mg(mean)
                        + " a day of the " + pack.establishedUseDays() + " days before: the dose was lowered suddenly.",
                pack.guidance(),
                new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), total,
                        threshold.stripTrailingZeros(), context.local(context.startOf(day)),
                        context.local(context.endOf(day)), List.of()));
    }
}
