package org.adherence.rules.symptoms;

import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.SymptomEntry;

/** The findings of the side-effect rules: one per report, naming the side effects it matched. */
final class SideEffectFinding {

    private SideEffectFinding() {
    }

    static List<Finding> perReport(RuleContext context, RuleId rule, Set<Symptom> sideEffects, String kind,
                                   String guidance) {
        return context.symptoms().stream()
                .map(report -> finding(context, rule, report,
                        WithdrawalWindow.matchingUnlessWithdrawal(context, report, sideEffects), kind, guidance))
                .flatMap(List::stream)
                .toList();
    }

    private static List<Finding> finding(RuleContext context, RuleId rule, SymptomEntry report, Set<Symptom> matched,
                                         String kind, String guidance) {
        if (matched.isEmpty()) {
            return List.of();
        }
        return List.of(context.finding(rule, report.eventId(), report.instant(),
                "Reported " + Display.symptoms(matched) + " at " + context.display(report.observedAt()) + ": "
                        + kind + " of " + context.pack().drug() + ".",
                guidance,
                new AlertEvidence(List.of(report.eventId()), null, null, context.local(report.observedAt()),
                        context.local(report.observedAt()), List.copyOf(matched))));
    }
}
