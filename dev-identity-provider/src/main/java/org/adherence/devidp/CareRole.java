package org.adherence.devidp;

/** The {@code role} claim. Clinicians may acknowledge alerts; a caregiver reads only. */
public enum CareRole {

    PHYSICIAN(true),
    NURSE(true),
    PHARMACIST(true),
    CAREGIVER(false);

    private final boolean clinician;

    CareRole(boolean clinician) {
        this.clinician = clinician;
    }

    public boolean isClinician() {
        return clinician;
    }
}
