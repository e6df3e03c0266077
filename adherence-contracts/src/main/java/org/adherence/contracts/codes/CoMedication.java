package org.adherence.contracts.codes;

/** Co-medications a patient profile may list (RULES.md, "Codes"). */
public enum CoMedication {
    SLEEPING_PILL, ANXIETY_DEPRESSION_OR_BIPOLAR_MEDICATION, OPIOID, MUSCLE_RELAXANT, SEIZURE_MEDICATION,
    ANTIHYPERTENSIVE, ALCOHOL
}
