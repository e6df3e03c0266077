package org.adherence.rules.overdose;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.symptoms.WithdrawalWindow;

/**
 * {@code OVERDOSE_SIGNS}: a report with one of signs, or with one of signsAfterDoseLimitFinding within
 * afterFindingWithin after a dose-limit finding, leaving out the withdrawal signs of a report within a withdrawal
 * window; at most once per report. Runs after the dose rules, so a late
 * dose that raises a dose-limit finding also turns an earlier muscle-weakness report into an overdose sign.
 */
public final class OverdoseSignsRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        RulePack.OverdoseSigns pack = context.pack().overdoseSigns();
        List<Finding> found = new ArrayList<>();
        for (SymptomEntry report : context.symptoms()) {
            // a seizure within a withdrawal window is WITHDRAWAL_SIGNS, not an overdose sign
            Set<Symptom> signs = WithdrawalWindow.matchingUnlessWithdrawal(context, report, pack.signs());
            if (!signs.isEmpty()) {
                found.add(finding(context, report, signs, Optional.empty()));
                continue;
            }
            Set<Symptom> laterSigns = WithdrawalWindow.matchingUnlessWithdrawal(context, report,
                    pack.signsAfterDoseLimitFinding());
            if (!laterSigns.isEmpty()) {
                doseLimitFindingBefore(context, pack, report.instant())
                        .ifPresent(limit -> found.add(finding(context, report, laterSigns, Optional.of(limit))));
            }
        }
        return found;
    }

    /** The latest dose-limit finding in [observedAt - afterFindingWithin, observedAt]. */
    private static Optional<FindingEntry> doseLimitFindingBefore(RuleContext context, RulePack.OverdoseSigns pack,
                                                                 Instant observedAt) {
        Instant from = observedAt.minus(pack.afterFindingWithin());
        return context.findings().stream()
                .filter(f -> pack.doseLimitFindings().contains(f.rule()))
                .filter(f -> f.rulePack() == null || f.rulePack().equals(context.pack().id()))
                .filter(f -> !f.anchor().isBefore(from) && !f.anchor().isAfter(observedAt))
                .reduce((a, b) -> b.anchor().isAfter(a.anchor()) ? b : a);
    }

    private static Finding finding(RuleContext context, SymptomEntry report, Set<Symptom> signs,
                                   Optional<FindingEntry> after) {
        List<String> eventIds = new ArrayList<>();
        after.ifPresent(limit -> eventIds.addAll(limit.eventIds()));
        eventIds.add(report.eventId());
        String why = after.map(limit -> ", within " + context.pack().overdoseSigns().afterFindingWithin().toHours()
                + " hours after " + limit.rule()).orElse("");
        return new Finding(
                context.alertId(RuleId.OVERDOSE_SIGNS, report.eventId()),
                RuleId.OVERDOSE_SIGNS,
                report.instant(),
                "Reported " + Display.symptoms(signs) + " at " + context.display(report.observedAt()) + why
                        + ": possible signs of a " + context.pack().drug() + " overdose.",
                context.pack().overdoseSigns().guidance(),
                // the window runs from the dose-limit finding, if any, to the report
                new AlertEvidence(eventIds, null, null,
                        context.local(after.map(limit -> report.observedAt()
                                .minus(Duration.between(limit.anchor(), report.instant())))
                                .orElse(report.observedAt())),
                        context.local(report.observedAt()), List.copyOf(signs)),
                context.pack().id());
    }
}
