package org.adherence.intake.metrics;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts each refused API request once, by the status it is answered with. It is the outermost filter because many
 * refusals never reach a controller: 401 and 403 come from Spring Security's filters, 413 from the body-size filter,
 * 400 for a URL from the firewall.
 * <p>
 * Only requests to the API ({@code /api/**} below the context path) are events refused: {@code /actuator/**} is
 * not (readiness answers 503 while starting and during a graceful shutdown, an unexposed endpoint 401 without a
 * token, and the on-call rule on {@code reason="not_durable"} must not page for either), nor is any other path
 * ({@code /}, {@code /favicon.ico}, a scanner's guesses). Those are in {@code http_server_requests} only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RejectionCountingFilter extends OncePerRequestFilter {

    private static final String API = "/api/";

    private final IntakeMetrics metrics;

    RejectionCountingFilter(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !pathWithinApplication(request).startsWith(API);
    }

    /** Events are answered on the async dispatch, once the broker has acknowledged (or not: 503). */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (isAsyncStarted(request)) {
            return;
        }
        Optional<RejectionReason> reason = request.getAttribute(RejectionReason.ATTRIBUTE) instanceof RejectionReason named
                ? Optional.of(named) : RejectionReason.of(response.getStatus());
        reason.ifPresent(why -> metrics.rejected(EventType.ofPath(pathWithinApplication(request)), why));
    }

    /**
     * The path below the context path, as sent (neither decoded nor normalised: the firewall refuses what would
     * need either, and that refusal is counted under the path's type too).
     */
    private static String pathWithinApplication(HttpServletRequest request) {
        return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication().value();
    }
}
