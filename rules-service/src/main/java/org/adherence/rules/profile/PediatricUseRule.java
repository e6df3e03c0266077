package org.adherence.rules.profile;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * {@code PEDIATRIC_USE}: for each local day with a dose, age(birthDate, day) < pediatric.minAgeYears; at most once
 * per local day. Nothing without a profile that gives a birth date.
 */
public final class PediatricUseRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext context) {
        LocalDate birthDate = context.history().currentProfile().map(p -> p.birthDate()).orElse(null);
        if (birthDate == null) {
            return List.of();
        }
        int minAge = context.pack().pediatric().minAgeYears();
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<LocalDate, List<DoseEntry>> entry : context.dosesByDay().entrySet()) {
            LocalDate day = entry.getKey();
            int age = Period.between(birthDate, day).getYears();
            if (age >= minAge) {
                continue;
            }
            List<DoseEntry> doses = entry.getValue();
            DoseEntry first = doses.get(0);
            found.add(context.finding(RuleId.PEDIATRIC_USE, day.toString(), first.instant(),
                    Display.mg(RuleContext.total(doses)) + " of " + context.pack().drug() + " taken on " + day
                            + " (first dose at " + context.display(first.takenAt()) + ") by a patient aged " + age
                            + " (born " + birthDate + "), younger than " + minAge + ".",
                    context.pack().pediatric().guidance(),
                    new AlertEvidence(doses.stream().map(DoseEntry::eventId).toList(), RuleContext.total(doses), null,
                            context.local(first.takenAt()), context.local(doses.get(doses.size() - 1).takenAt()),
                            List.of())));
        }
        return found;
    }
}
