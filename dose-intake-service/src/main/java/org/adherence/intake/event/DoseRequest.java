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

/** DoseTaken as a patient app posts it (CONTRACT.md). */
public record DoseRequest(
        @NotNull UUID eventId,
        @NotBlank @Size(max = 64) String drug,
        @NotNull @Positive @DecimalMax(value = "10000", message = "must be at most 10000 mg")
        @Digits(integer = 5, fraction = 3) BigDecimal doseMg,
        @NotNull OffsetDateTime takenAt) {
}
