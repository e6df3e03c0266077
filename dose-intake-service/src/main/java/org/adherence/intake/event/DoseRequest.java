package org.adherence.intake.event;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.adherence.contracts.EventLimits;

/** DoseTaken as a patient app posts it (CONTRACT.md). */
public record DoseRequest(
        @NotNull UUID eventId,
        @NotBlank @Size(max = EventLimits.DRUG_MAX) String drug,
        @NotNull @Positive
        @DecimalMax(value = EventLimits.DOSE_MG_MAX, message = "must be at most " + EventLimits.DOSE_MG_MAX + " mg")
        @Digits(integer = EventLimits.DOSE_MG_INTEGER_DIGITS, fraction = EventLimits.DOSE_MG_FRACTION_DIGITS)
        BigDecimal doseMg,
        @NotNull OffsetDateTime takenAt) {
}
