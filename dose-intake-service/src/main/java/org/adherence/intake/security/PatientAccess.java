package org.adherence.intake.security;

import org.adherence.intake.clinic.NotOfClinic;
import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.security.Caller;
import org.adherence.security.Scopes;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may write what (CONTRACT.md, "Clinics"): a patient app only its own patient's events; a care team its own
 * clinic's patients' events and profiles, and the profile of a patient nobody holds yet (which enrols it). Whose a
 * patient is comes from {@link ProfileOwners}. A refusal never says which clinic holds the patient, nor whether
 * anyone does, but for a {@code PUT} (which enrols an id nobody holds).
 */
@Component
public class PatientAccess {

    private final ProfileOwners owners;

    public PatientAccess(ProfileOwners owners) {
        this.owners = owners;
    }

    public void requireEventWrite(Authentication authentication, String patientId) {
        Caller caller = Caller.of(authentication);
        if (caller.has(Scopes.PATIENTS_WRITE)) {
            if (!owners.isOwnedBy(patientId, caller.requireClinic())) {
                throw notOfClinic(patientId, caller);
            }
            return;
        }
        if (caller.has(Scopes.EVENTS_WRITE) && patientId.equals(caller.subject())) {
            return;
        }
        if (caller.has(Scopes.EVENTS_WRITE)) {
            throw new AccessDeniedException("This token may post events for patient " + caller.subject()
                    + " only, not for patient " + patientId + ".");
        }
        throw new AccessDeniedException("Posting events needs the scope events:write or patients:write.");
    }

    /** The caller's clinic, when it may put this patient's profile: its own patient, or one nobody holds yet. */
    public String requireProfileWrite(Authentication authentication, String patientId) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(Scopes.PATIENTS_WRITE)) {
            throw new AccessDeniedException("Putting a patient profile needs the scope patients:write.");
        }
        String clinic = caller.requireClinic();
        if (!owners.mayEnrolOrUpdate(patientId, clinic)) {
            throw notOfClinic(patientId, caller);
        }
        return clinic;
    }

    private static AccessDeniedException notOfClinic(String patientId, Caller caller) {
        return NotOfClinic.refusal(patientId, caller.requireClinic());
    }
}
