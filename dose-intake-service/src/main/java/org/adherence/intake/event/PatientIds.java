package org.adherence.intake.event;

import org.adherence.contracts.EventLimits;

/** A patient id is 1 to 64 characters of A-Z a-z 0-9 . _ - (CONTRACT.md). */
public final class PatientIds {

    public static final String PATTERN = EventLimits.PATIENT_ID_PATTERN;

    public static final String MESSAGE = "must be 1 to " + EventLimits.PATIENT_ID_MAX + " characters of A-Z a-z 0-9 . _ -";

    private PatientIds() {
    }
}
