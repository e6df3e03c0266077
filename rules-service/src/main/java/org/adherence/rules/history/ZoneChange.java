package org.adherence.rules.history;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A time zone of the patient and the instant from which it is in force (the first one of a history is in force
 * before its instant too).
 */
public record ZoneChange(Instant from, ZoneId zone) {

    public ZoneChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(zone, "zone");
    }
}
