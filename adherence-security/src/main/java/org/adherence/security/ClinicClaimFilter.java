package org.adherence.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A care team's token ({@code patients:write}, {@code care-team:read} or {@code alerts:acknowledge}) that names no
 * clinic, or no valid one, is refused with {@code 403} whatever it asks for: every patient belongs to a clinic, so such
 * a token has no patient to act for (CONTRACT.md, "Clinics"). Runs right after the bearer token is verified.
 */
class ClinicClaimFilter extends OncePerRequestFilter {

    private final SecurityProblems problems;

    ClinicClaimFilter(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken) {
            Caller caller = Caller.of(authentication);
            if (caller.isCareTeam() && caller.clinic().isEmpty()) {
                problems.handle(request, response, new AccessDeniedException("A care-team token (scope "
                        + "patients:write, care-team:read or alerts:acknowledge) must name its clinic in the '"
                        + Caller.CLINIC_CLAIM + "' claim: 1 to 64 characters of A-Z a-z 0-9 . _ -"));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
