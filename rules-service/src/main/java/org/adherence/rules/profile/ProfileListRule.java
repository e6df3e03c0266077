package org.adherence.rules.profile;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.rules.engine.Display;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.history.DoseEntry;

/**
 * A dose for a patient whose profile lists codes of the pack's list (conditions, co-medications); at most once per
 * patient per distinct set of listed codes: the alert id is keyed by the sorted set, so the same set raises nothing
 * new however often the profile is posted, and a changed set is a new finding.
 */
abstract class ProfileListRule<T extends Enum<T>> implements Rule {

    abstract RuleId rule();

    abstract Set<T> listed(PatientProfileUpdated profile);

    abstract Set<T> ofConcern(RuleContext context);

    abstract String guidance(RuleContext context);

    /** What the summary calls one code: "condition", "co-medication". */
    abstract String noun();

    @Override
    public final List<Finding> evaluate(RuleContext context) {
        List<DoseEntry> doses = context.doses();
        if (doses.isEmpty() || context.history().currentProfile().isEmpty()) {
            return List.of();
        }
        Set<T> found = new TreeSet<>(Comparator.comparing(Enum::name));
        found.addAll(listed(context.history().profile()));
        found.retainAll(ofConcern(context));
        if (found.isEmpty()) {
            return List.of();
        }
        String key = found.stream().map(Enum::name).collect(Collectors.joining("+"));
        DoseEntry latest = doses.get(doses.size() - 1);
        String names = Display.list(found.stream().map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .toList());
        return List.of(context.finding(rule(), key, latest.instant(),
                Display.mg(latest.doseMg()) + " of " + context.pack().drug() + " taken at "
                        + context.display(latest.takenAt()) + " by a patient whose profile lists the " + noun()
                        + (found.size() > 1 ? "s " : " ") + names
                        + ": for the physician to review.",
                guidance(context),
                new AlertEvidence(List.of(latest.eventId()), latest.doseMg(), null, context.local(latest.takenAt()),
                        context.local(latest.takenAt()), List.of())));
    }
}
