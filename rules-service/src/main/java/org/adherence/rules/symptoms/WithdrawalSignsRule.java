package org.adherence.rules.symptoms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;

/**
 * {@code WITHDRAWAL_SIGNS} (derived): a report with one of withdrawalSigns.signs within withdrawalSigns.within after
 * an {@code ABRUPT_DISCONTINUATION} or {@code SUDDEN_DOSE_REDUCTION}; at most once per report. Runs after those rules
 * and before the overdose and side-effect rules, which leave its signs to it.
 */
public final class WithdrawalSignsRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> found = new ArrayList<>();
        for (SymptomEntry report : context.symptoms()) {
            Set<Symptom> signs = new LinkedHashSet<>(report.symptoms());
            signs.retainAll(context.pack().withdrawalSigns().signs());
            if (!signs.isEmpty()) {
                WithdrawalWindow.covering(context, report)
                        .ifPresent(after -> found.add(finding(context, report, signs, after)));
            }
        }
        return found;
    }

    private static Finding finding(RuleContext context, SymptomEntry report, Set<Symptom> signs, FindingEntry after) {
        String what = after.rule() == RuleId.ABRUPT_DISCONTINUATION ? "the sudden stop noticed at "
                : "the sudden dose reduction of the day ending ";
        List<String> eventIds = new ArrayList<>(after.eventIds());
        eventIds.add(report.eventId());
        return context.finding(RuleId.WITHDRAWAL_SIGNS, report.eventId(), report.instant(),
                "Reported " + Display.symptoms(signs) + " at " + context.display(report.observedAt()) + ", "
                        + Display.duration(Duration.between(after.anchor(), report.instant())) + " after " + what
                        + context.display(after.anchor()) + ": possible signs of " + context.pack().drug()
                        + " withdrawal.",
                context.pack().withdrawalSigns().guidance(),
                new AlertEvidence(eventIds, null, null, context.local(after.anchor()),
                        context.local(report.observedAt()), List.copyOf(signs)));
    }
}
