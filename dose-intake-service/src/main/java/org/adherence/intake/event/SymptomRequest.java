package org.adherence.intake.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.adherence.contracts.EventLimits;
import org.adherence.contracts.codes.Symptom;

/** SymptomReport as a patient app posts it (CONTRACT.md); unknown symptom codes fail when the body is read. */
public record SymptomRequest(
        @NotNull UUID eventId,
        @NotEmpty @Size(max = EventLimits.SYMPTOMS_PER_REPORT_MAX) List<@NotNull Symptom> symptoms,
        @NotNull OffsetDateTime observedAt,
        @Size(max = EventLimits.NOTE_MAX) String note) {
}
