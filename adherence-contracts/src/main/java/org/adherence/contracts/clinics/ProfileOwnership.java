package org.adherence.contracts.clinics;

import java.util.regex.Pattern;

/**
 * Which clinic a patient belongs to, decided the same way by every consumer of {@code adherence.patient-profiles}
 * (CONTRACT.md, "Clinics"): <b>the first clinic on the topic wins</b>.
 * <pre>
 * no owner yet (no profile, or only profiles of no clinic)  + profile of clinic C   -> applied; C owns the patient
 * owner O                                                    + profile of clinic O   -> applied
 * owner O                                                    + profile of another clinic, or of none -> ignored
 * any                                                        + tombstone             -> profile and owner gone
 * </pre>
 * Intake refuses a write for another clinic's patient before it publishes, so an ignored profile only reaches the
 * topic when two clinics enrol the same new id at once on two instances of intake: the topic's order decides, and the
 * losing request is told {@code 403} (docs/security.md, "Two clinics, one new patient id").
 */
public final class ProfileOwnership {

    /** A clinic id (the {@code clinic} claim of a care-team token): 1 to 64 characters of A-Z a-z 0-9 . _ - */
    public static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ProfileOwnership() {
    }

    /**
     * Whether a consumer applies a profile of {@code incomingClinicId} to a patient owned by {@code ownerClinicId}
     * (null: nobody owns the patient yet).
     */
    public static boolean accepts(String ownerClinicId, String incomingClinicId) {
        return ownerClinicId == null || ownerClinicId.equals(incomingClinicId);
    }

    /** The owner after an accepted profile: the first clinic stays; a profile of no clinic names none. */
    public static String ownerAfter(String ownerClinicId, String incomingClinicId) {
        return ownerClinicId != null ? ownerClinicId : incomingClinicId;
    }

    public static boolean isClinicId(String candidate) {
        return candidate != null && CLINIC_ID.matcher(candidate).matches();
    }
}
