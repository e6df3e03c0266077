package org.adherence.intake.clinic;

import org.springframework.security.access.AccessDeniedException;

/** The one refusal of a patient of another clinic (403): it names neither the clinic that holds it nor whether one does. */
public final class NotOfClinic {

    private NotOfClinic() {
    }

    public static AccessDeniedException refusal(String patientId, String clinic) {
        return new AccessDeniedException("Patient " + patientId + " is not a patient of clinic " + clinic
                + ": a care-team token may write for its own clinic's patients only.");
    }
}
