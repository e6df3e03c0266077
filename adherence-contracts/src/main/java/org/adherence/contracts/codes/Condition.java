package org.adherence.contracts.codes;

/** Conditions a patient profile may list (RULES.md, "Codes"). */
public enum Condition {
    SEVERE_LIVER_DISORDER, SEVERE_KIDNEY_DISORDER, PSYCHOSIS_OR_MENTAL_ILLNESS, NERVOUS_SYSTEM_DISORDER,
    BLOOD_CLOT_OR_STROKE, EPILEPSY, PREGNANCY, BREASTFEEDING, ALLERGY_TO_BACLOFEN
}
