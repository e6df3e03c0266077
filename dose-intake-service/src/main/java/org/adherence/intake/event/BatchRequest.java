package org.adherence.intake.event;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Several events of one patient, validated as a whole: one bad item rejects the batch. */
public record BatchRequest(List<@Valid @NotNull DoseRequest> doses, List<@Valid @NotNull SymptomRequest> symptoms) {

    public BatchRequest {
        doses = doses == null ? List.of() : doses;
        symptoms = symptoms == null ? List.of() : symptoms;
    }

    public int size() {
        return doses.size() + symptoms.size();
    }
}
