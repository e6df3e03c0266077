package org.adherence.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.adherence.contracts.clinics.ProfileOwnership;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who made a request, from its verified token: the subject, the scopes (as {@link Scopes} authorities) and, for a
 * care team, its clinic (the {@code clinic} claim).
 *
 * @param clinic the clinic, when the token names a valid one
 */
public record Caller(String subject, Set<String> authorities, Optional<String> clinic) {

    /** The claim naming a care team's clinic. */
    public static final String CLINIC_CLAIM = "clinic";

    public static Caller of(Authentication authentication) {
        Set<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toUnmodifiableSet());
        String clinic = null;
        if (authentication.getPrincipal() instanceof Jwt jwt) {
            Object claim = jwt.getClaims().get(CLINIC_CLAIM);
            clinic = claim instanceof String text && ProfileOwnership.isClinicId(text) ? text : null;
        }
        return new Caller(authentication.getName(), authorities, Optional.ofNullable(clinic));
    }

    public boolean has(String authority) {
        return authorities.contains(authority);
    }

    /**
     * A care team's token ({@code patients:write}, {@code care-team:read} or {@code alerts:acknowledge}), which must
     * name its clinic.
     */
    public boolean isCareTeam() {
        return authorities.stream().anyMatch(Scopes::isCareTeam);
    }

    /** The care team's clinic; the token was refused before any controller when it names none. */
    public String requireClinic() {
        return clinic.orElseThrow(() -> new IllegalStateException("a care-team token without a clinic got through"));
    }
}
