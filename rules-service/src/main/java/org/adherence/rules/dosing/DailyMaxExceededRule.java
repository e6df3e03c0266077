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
 * {@code DAILY_MAX_EXCEEDED}: sum(doses in (t - window, t]) > dailyMax.maxMg for some time t; at most once per
 * window of event time (see {@link RollingWindowRule}).
 */
public final class DailyMaxExceededRule extends RollingWindowRule {

    @Override
    RuleId rule() {
        return RuleId.DAILY_MAX_EXCEEDED;
    }

    @Override
    Duration window(RuleContext context) {
        return context.pack().dailyMax().window();
    }

    @Override
    BigDecimal limit(RuleContext context) {
        return context.pack().dailyMax().maxMg();
    }

    @Override
    BigDecimal measure(List<DoseEntry> doses) {
        return RuleContext.total(doses);
    }

    @Override
    Finding finding(RuleContext context, Exceeded exceeded, String key) {
        return context.finding(RuleId.DAILY_MAX_EXCEEDED, key, exceeded.end(),
                Display.mg(exceeded.measure()) + " of " + context.pack().drug() + " in the "
                        + window(context).toHours() + " hours to " + context.display(exceeded.endAt()) + "; the maximum is "
                        + Display.mg(limit(context)) + ".",
                context.pack().dailyMax().guidance(),
                new AlertEvidence(exceeded.doses().stream().map(DoseEntry::eventId).toList(), exceeded.measure(),
                        limit(context), context.local(exceeded.startAt()), context.local(exceeded.endAt()), List.of()));
    }
}
