package org.adherence.intake.clinic;

import org.adherence.contracts.events.PatientProfileUpdated;

/**
 * What the view holds per patient.
 *
 * @param clinicId   the clinic that owns the patient (the first on the topic); null for a patient with only profiles
 *                   from before clinics
 * @param lastOffset the offset of the patient's latest record on the topic, its owner's or not
 * @param profile    the owner's latest profile, to put back on top of another clinic's (see {@link Enrolments})
 */
record ProfileOwner(String clinicId, long lastOffset, PatientProfileUpdated profile) {

    ProfileOwner withLastOffset(long offset) {
        return new ProfileOwner(clinicId, offset, profile);
    }
}
