package org.adherence.rules.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.adherence.contracts.events.DoseTaken;

/** A dose as the rules keep it. */
public record DoseEntry(String eventId, String drug, BigDecimal doseMg, OffsetDateTime takenAt) {

    public static DoseEntry of(DoseTaken dose) {
        return new DoseEntry(dose.eventId(), dose.drug(), dose.doseMg(), dose.takenAt());
    }

    public Instant instant() {
        return takenAt.toInstant();
    }
}
