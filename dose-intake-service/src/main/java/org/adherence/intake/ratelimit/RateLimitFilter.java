package org.adherence.intake.ratelimit;

import java.io.IOException;
import java.util.OptionalLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.adherence.intake.problem.ProblemWriter;
import org.adherence.security.Caller;
import org.adherence.security.Scopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each token subject may make {@code adherence.intake.rate-limit.patient} (patient app) or {@code .care-team}
 * requests a minute to the API; beyond that, {@code 429} with {@code Retry-After} as a problem detail, before the body
 * is read: nothing is published. Right after Spring Security's chain, so that only verified tokens have buckets (a
 * request without a valid token is a 401 first), and inside the counting of refusals ({@code reason="rate_limited"}).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final SubjectRateLimiter patients;

    private final SubjectRateLimiter careTeams;

    private final ProblemWriter problems;

    @Autowired
    RateLimitFilter(RateLimitProperties properties, ProblemWriter problems) {
        this(new SubjectRateLimiter(properties.patient(), properties.maxSubjects()),
                new SubjectRateLimiter(properties.careTeam(), properties.maxSubjects()), problems);
    }

    RateLimitFilter(SubjectRateLimiter patients, SubjectRateLimiter careTeams, ProblemWriter problems) {
        this.patients = patients;
        this.careTeams = careTeams;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken) {
            Caller caller = Caller.of(authentication);
            boolean careTeam = caller.has(Scopes.PATIENTS_WRITE);
            SubjectRateLimiter limiter = careTeam ? careTeams : patients;
            OptionalLong retryAfter = limiter.tryAcquire(caller.subject());
            if (retryAfter.isPresent()) {
                refuse(request, response, caller, careTeam, limiter.limit(), retryAfter.getAsLong());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Caller caller, boolean careTeam,
                        long limit, long retryAfterSeconds) throws IOException {
        // DEBUG: a client that keeps trying would write a line per request; adherence_events_received_total counts them
        log.debug("Rate limited: subject={} ({} token) over {} requests a minute; retry after {} s", caller.subject(),
                careTeam ? "care-team" : "patient", limit, retryAfterSeconds);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "This token may make "
                + limit + " requests a minute; nothing of this one was published. Try again in " + retryAfterSeconds
                + " s.");
        problem.setTitle("Too many requests");
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        problems.write(request, response, problem);
    }
}
