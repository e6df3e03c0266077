package org.adherence.rules.dosing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code TOO_MANY_DOSES}: count(doses in (t - window, t]) > tooManyDoses.maxDoses for some time t; at most once per
 * window of event time (see {@link RollingWindowRule}).
 */
public final class TooManyDosesRule extends RollingWindowRule {

    @Override
    RuleId rule() {
        return RuleId.TOO_MANY_DOSES;
    }

    @Override
    Duration window(RuleContext context) {
        return context.pack().tooManyDoses().window();
    }

    @Override
    BigDecimal limit(RuleContext context) {
        return BigDecimal.valueOf(context.pack().tooManyDoses().maxDoses());
    }

    @Override
    BigDecimal measure(List<DoseEntry> doses) {
        return BigDecimal.valueOf(doses.size());
    }

    @Override
    Finding finding(RuleContext context, Exceeded exceeded, String key) {
        List<DoseEntry> doses = exceeded.doses();
        BigDecimal total = RuleContext.total(doses);
        return context.finding(RuleId.TOO_MANY_DOSES, key, exceeded.end(),
                doses.size() + " doses of " + context.pack().drug() + " (" + Display.mg(total) + ") in the "
                        + window(context).toHours() + " hours to " + context.display(exceeded.endAt())
                        + ", from " + context.display(doses.get(0).takenAt()) + "; at most "
                        + context.pack().tooManyDoses().maxDoses() + " doses are advised.",
                context.pack().tooManyDoses().guidance(),
                new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), total, null,
                        context.local(exceeded.startAt()), context.local(exceeded.endAt()), List.of()));
    }
}
