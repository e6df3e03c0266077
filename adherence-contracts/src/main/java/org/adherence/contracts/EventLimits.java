package org.adherence.contracts;

/**
 * The limits of one event (CONTRACT.md): intake refuses a request beyond them with a {@code 400}, and rules-service
 * dead-letters a record beyond them instead of judging it, so that every record the rules keep has a known largest
 * size. Constants, so that intake's validation annotations can name them.
 */
public final class EventLimits {

    /** A patient id: 1 to 64 characters of A-Z a-z 0-9 . _ - (one byte each). */
    public static final int PATIENT_ID_MAX = 64;

    public static final String PATIENT_ID_PATTERN = "[A-Za-z0-9._-]{1," + PATIENT_ID_MAX + "}";

    /** An event id; intake's are UUIDs of 36 characters. */
    public static final int EVENT_ID_MAX = 64;

    public static final int DRUG_MAX = 64;

    /** The largest dose, in mg, and its digits before and after the decimal point. */
    public static final String DOSE_MG_MAX = "10000";

    public static final int DOSE_MG_INTEGER_DIGITS = 5;

    public static final int DOSE_MG_FRACTION_DIGITS = 3;

    public static final int SYMPTOMS_PER_REPORT_MAX = 50;

    public static final int NOTE_MAX = 500;

    public static final int CARE_TEAM_MAX = 50;

    public static final int PRESCRIPTIONS_MAX = 20;

    private EventLimits() {
    }
}
