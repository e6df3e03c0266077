package org.adherence.intake.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/** Who may write what: a patient app only its own events, a care-team token any patient's events and profiles. */
@Component
public class PatientAccess {

    public void requireEventWrite(Authentication caller, String patientId) {
        if (has(caller, Scopes.PATIENTS_WRITE)) {
            return;
        }
        if (has(caller, Scopes.EVENTS_WRITE) && patientId.equals(caller.getName())) {
            return;
        }
        if (has(caller, Scopes.EVENTS_WRITE)) {
            throw new AccessDeniedException("This token may post events for patient " + caller.getName()
                    + " only, not for patient " + patientId + ".");
        }
        throw new AccessDeniedException("Posting events needs the scope events:write or patients:write.");
    }

    public void requireProfileWrite(Authentication caller) {
        if (!has(caller, Scopes.PATIENTS_WRITE)) {
            throw new AccessDeniedException("Putting a patient profile needs the scope patients:write.");
        }
    }

    private static boolean has(Authentication caller, String authority) {
        for (GrantedAuthority granted : caller.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
