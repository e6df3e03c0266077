package org.adherence.contracts.codes;

/** Every finding of the rule pack (RULES.md, "Findings"), with its severity. */
public enum RuleId {
    SINGLE_DOSE_ABOVE_MAX(Severity.HIGH),
    DAILY_MAX_EXCEEDED(Severity.HIGH),
    TOO_MANY_DOSES(Severity.WARNING),
    DOUBLE_DOSE(Severity.WARNING),
    PRESCRIPTION_EXCEEDED(Severity.WARNING),
    TITRATION_TOO_FAST(Severity.WARNING),
    PEDIATRIC_USE(Severity.HIGH),
    ABRUPT_DISCONTINUATION(Severity.HIGH),
    SUDDEN_DOSE_REDUCTION(Severity.WARNING),
    DOSING_RESUMED(Severity.INFO),
    MISSED_DOSES(Severity.INFO),
    OVERDOSE_SIGNS(Severity.CRITICAL),
    WITHDRAWAL_SIGNS(Severity.CRITICAL),
    SERIOUS_SIDE_EFFECT(Severity.HIGH),
    SIDE_EFFECT_REPORTED(Severity.INFO),
    CONTRAINDICATION_REVIEW(Severity.WARNING),
    INTERACTION_RISK(Severity.WARNING);

    private final Severity severity;

    RuleId(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
