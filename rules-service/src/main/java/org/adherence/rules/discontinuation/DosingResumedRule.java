package org.adherence.rules.discontinuation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;

/**
 * {@code DOSING_RESUMED}: for each {@code ABRUPT_DISCONTINUATION} after dose L, the first dose after L; at most once
 * per stop (keyed, like the stop, by L's event id). Runs after the discontinuation rule.
 */
public final class DosingResumedRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Duration noDoseFor = context.pack().discontinuation().noDoseFor();
        List<Finding> found = new ArrayList<>();
        for (FindingEntry stop : context.findingsOf(RuleId.ABRUPT_DISCONTINUATION)) {
            if (stop.eventIds().isEmpty()) {
                continue;
            }
            String lastDoseId = stop.eventIds().get(stop.eventIds().size() - 1);
            Instant lastDoseAt = stop.anchor().minus(noDoseFor);
            firstDoseAfter(context, lastDoseAt, lastDoseId).ifPresent(dose -> found.add(context.finding(
                    RuleId.DOSING_RESUMED, lastDoseId, dose.instant(),
                    Display.mg(dose.doseMg()) + " of " + context.pack().drug() + " taken at "
                            + context.display(dose.takenAt()) + ", the first dose since "
                            + context.display(lastDoseAt) + " (" + Display.duration(Duration.between(lastDoseAt,
                            dose.instant())) + " earlier), after the sudden stop.",
                    context.pack().dosingResumed().guidance(),
                    new AlertEvidence(List.of(lastDoseId, dose.eventId()), dose.doseMg(), null,
                            context.local(lastDoseAt), context.local(dose.takenAt()), List.of()))));
        }
        return found;
    }

    private static Optional<DoseEntry> firstDoseAfter(RuleContext context, Instant lastDoseAt, String lastDoseId) {
        return context.doses().stream()
                .filter(d -> !d.instant().isBefore(lastDoseAt) && !d.eventId().equals(lastDoseId))
                .findFirst();
    }
}
