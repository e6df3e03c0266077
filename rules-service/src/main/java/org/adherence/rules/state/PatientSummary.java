package org.adherence.rules.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the judging keeps about one patient beside the events and findings: small, written with every event.
 *
 * @param eventCount       events held
 * @param eventBytes       bytes of their records and id entries
 * @param findingCount     findings held
 * @param findingBytes     bytes of their records and id entries
 * @param eventsFrom       the event time of the earliest event held; null without events
 * @param heldFrom         null, or the instant from which the doses held are whole: earlier ones were dropped (past the
 *                         retention, or over a bound), so no rule judges a finding whose context lies before it
 * @param oldestFinding    the anchor of the earliest finding held that is not kept for life; null if none
 * @param findingsPrunedTo findings (but those kept for life) anchored before it were dropped
 * @param dirtyFrom        the earliest event time of the events that arrived since the last judgement by the scan;
 *                         null if none did
 * @param judgedUpTo       the wall-clock time of the last judgement by the scan; null before the first
 * @param nextDue          when the scan is to judge the patient next (its due entry); null if never
 * @param fullPassPending  the next judgement by the scan judges everything held (a profile arrived, a rule failed)
 * @param failures         judgements by the scan that failed in a row (their back-off)
 * @param truncationLogged the warning that the state went over a bound was logged
 * @param daysWithDoses    by drug, every local day held with a dose of it (in the zone timeline)
 */
public record PatientSummary(int eventCount, int eventBytes, int findingCount, int findingBytes, Instant eventsFrom,
                             Instant heldFrom, Instant oldestFinding, Instant findingsPrunedTo, Instant dirtyFrom,
                             Instant judgedUpTo, Instant nextDue, boolean fullPassPending, int failures,
                             boolean truncationLogged, Map<String, NavigableSet<LocalDate>> daysWithDoses) {

    /** {@code daysWithDoses} is kept as given: the judging never changes a map or set once it made a summary of it. */
    public PatientSummary {
        daysWithDoses = java.util.Collections.unmodifiableMap(daysWithDoses);
    }

    public static PatientSummary empty() {
        return new PatientSummary(0, 0, 0, 0, null, null, null, null, null, null, null, false, 0, false, Map.of());
    }

    public Set<String> drugsHeld() {
        return daysWithDoses.keySet();
    }

    public Set<LocalDate> daysWithDoses(String drug) {
        return daysWithDoses.getOrDefault(drug, java.util.Collections.emptyNavigableSet());
    }

    /** Nothing held but perhaps a profile. */
    public boolean holdsNothing() {
        return eventCount == 0 && findingCount == 0;
    }
}
