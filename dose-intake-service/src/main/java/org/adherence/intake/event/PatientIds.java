package org.adherence.intake.event;

/** A patient id is 1 to 64 characters of A-Z a-z 0-9 . _ - (CONTRACT.md). */
public final class PatientIds {

    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";

    public static final String MESSAGE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ -";

    private PatientIds() {
    }
}
