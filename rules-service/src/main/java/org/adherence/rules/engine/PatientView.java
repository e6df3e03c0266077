package org.adherence.rules.engine;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.ZoneTimeline;

/**
 * What the rules see of one patient: a window of the history (the events and findings of some local days, the
 * profile and the zone timeline) and three facts about all of the history held, which no window can tell.
 *
 * @param window        the events and findings loaded; the rules run over these
 * @param drugsHeld     the drugs of every dose held, which decide the packs that judge the patient
 * @param daysWithDoses by drug: every local day of the history held with a dose of it (the run of "established use"
 *                      before a stop may be longer than any window)
 * @param raisedBefore  whether a finding of that alert id was ever raised for the patient (and is still held)
 * @param judged        whether the window holds everything a finding rests on; one that it does not (near the edges
 *                      of the window, where an event before or after it is missing) is left out, and so is never the
 *                      ground of another finding of the same evaluation
 */
public record PatientView(PatientHistory window, Set<String> drugsHeld,
                          Function<String, Set<LocalDate>> daysWithDoses, Predicate<String> raisedBefore,
                          Predicate<Finding> judged) {

    /** The whole history as the view: the rules see everything held, as they did before state was windowed. */
    public static PatientView whole(PatientHistory history) {
        ZoneTimeline timeline = history.timeline();
        Map<String, Set<LocalDate>> days = new HashMap<>();
        for (DoseEntry dose : history.doses()) {
            days.computeIfAbsent(dose.drug(), drug -> new TreeSet<>()).add(timeline.localDate(dose.instant()));
        }
        Set<String> alertIds = history.findings().stream().map(f -> f.alertId()).collect(Collectors.toSet());
        return new PatientView(history, Set.copyOf(days.keySet()), drug -> days.getOrDefault(drug, Set.of()),
                alertIds::contains, finding -> true);
    }
}
