package org.adherence.contracts.events;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the physician advised; {@code endDate} is null for an open-ended prescription. */
public record Prescription(String drug, BigDecimal doseMg, int timesPerDay, LocalDate startDate, LocalDate endDate) {
}
