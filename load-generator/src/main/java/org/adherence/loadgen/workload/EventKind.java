package org.adherence.loadgen.workload;

/** What one generated event is. */
public enum EventKind {
    /** 10 mg of baclofen, the prescribed dose. */
    ADHERENT_DOSE("dose 10 mg"),
    /** 25 mg of baclofen in one dose: above the 20 mg single-dose maximum, so one SINGLE_DOSE_ABOVE_MAX (HIGH). */
    OVERDOSE("dose 25 mg"),
    /** A report of a common side effect or an MS symptom: no immediate email (INFO digest at most). */
    SYMPTOMS("symptom report");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
