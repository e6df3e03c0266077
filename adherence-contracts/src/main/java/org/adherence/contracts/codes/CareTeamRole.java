package org.adherence.contracts.codes;

/** The role of a care-team member; clinicians receive WARNING alerts, everyone receives HIGH and CRITICAL. */
public enum CareTeamRole {
    PHYSICIAN(true), NURSE(true), PHARMACIST(true), CAREGIVER(false);

    private final boolean clinician;

    CareTeamRole(boolean clinician) {
        this.clinician = clinician;
    }

    public boolean isClinician() {
        return clinician;
    }
}
