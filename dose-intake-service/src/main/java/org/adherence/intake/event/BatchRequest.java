package org.adherence.intake.event;

import java.util.List;

import jakarta.validation.Valid;

/** Several events of one patient, validated as a whole: one bad item rejects the batch. */
public record BatchRequest(@Valid List<DoseRequest> doses, @Valid List<SymptomRequest> symptoms) {

    public BatchRequest {
        doses = doses == null ? List.of() : doses;
        symptoms = symptoms == null ? List.of() : symptoms;
    }

    public int size() {
        return doses.size() + symptoms.size();
    }
}
