package org.adherence.console.security;

import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is signed in, as the clinic's identity provider says in the ID token: their clinic (the only one whose patients
 * they see) and their role on a care team (only clinicians acknowledge).
 *
 * @param clinic the {@code clinic} claim; a user without one (or with a malformed one) is not let in
 * @param role   the {@code role} claim: PHYSICIAN, NURSE, PHARMACIST or CAREGIVER
 */
public record ClinicUser(String name, String email, String clinic, String role) {

    private static final Pattern CLINIC = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Set<String> CLINICIANS = Set.of("PHYSICIAN", "NURSE", "PHARMACIST");

    public static ClinicUser of(OidcUser user) {
        String name = user.getFullName() != null ? user.getFullName() : user.getSubject();
        return new ClinicUser(name, user.getEmail(), user.getClaimAsString("clinic"), user.getClaimAsString("role"));
    }

    /** Whether the token names a clinic this console can serve. */
    public boolean hasClinic() {
        return clinic != null && CLINIC.matcher(clinic).matches();
    }

    /** Physicians, nurses and pharmacists may acknowledge an alert; caregivers may not. */
    public boolean isClinician() {
        return role != null && CLINICIANS.contains(role);
    }
}
