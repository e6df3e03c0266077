package org.adherence.rules.symptoms;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;

/**
 * Whether a report falls within withdrawalSigns.within after a sudden stop or reduction (the anchor of an
 * {@code ABRUPT_DISCONTINUATION} or {@code SUDDEN_DOSE_REDUCTION}). Within it, the withdrawal signs of a report are
 * {@code WITHDRAWAL_SIGNS} and nothing else: the overdose and side-effect rules leave them out.
 */
public final class WithdrawalWindow {

    private WithdrawalWindow() {
    }

    /** The latest stop or reduction whose window holds the report. */
    public static Optional<FindingEntry> covering(RuleContext context, SymptomEntry report) {
        var within = context.pack().withdrawalSigns().within();
        return Stream.concat(context.findingsOf(RuleId.ABRUPT_DISCONTINUATION).stream(),
                        context.findingsOf(RuleId.SUDDEN_DOSE_REDUCTION).stream())
                .filter(f -> !report.instant().isBefore(f.anchor())
                        && !report.instant().isAfter(f.anchor().plus(within)))
                .max(Comparator.comparing(FindingEntry::anchor));
    }

    /** The report's symptoms of {@code wanted}, less those that are withdrawal signs within a window. */
    public static Set<Symptom> matchingUnlessWithdrawal(RuleContext context, SymptomEntry report,
                                                        Set<Symptom> wanted) {
        Set<Symptom> matching = new LinkedHashSet<>(report.symptoms());
        matching.retainAll(wanted);
        if (covering(context, report).isPresent()) {
            matching.removeAll(context.pack().withdrawalSigns().signs());
        }
        return matching;
    }
}
