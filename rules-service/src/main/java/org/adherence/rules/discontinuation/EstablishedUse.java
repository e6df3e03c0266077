package org.adherence.rules.discontinuation;

import java.time.LocalDate;
import java.util.Set;

/** "Established use": doses on each of at least n consecutive local days. */
final class EstablishedUse {

    private EstablishedUse() {
    }

    /** How many consecutive local days with doses end on {@code day} (0 if none on that day). */
    static int runEndingOn(Set<LocalDate> daysWithDoses, LocalDate day) {
        int run = 0;
        while (daysWithDoses.contains(day.minusDays(run))) {
            run++;
        }
        return run;
    }
}
