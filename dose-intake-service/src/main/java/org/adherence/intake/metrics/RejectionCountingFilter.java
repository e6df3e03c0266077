package org.adherence.intake.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts each refused request once, by the status it is answered with. It is the outermost filter because many
 * refusals never reach a controller: 401 and 403 come from Spring Security's filters, 413 from the body-size filter,
 * 400 for a URL from the firewall.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RejectionCountingFilter extends OncePerRequestFilter {

    private final IntakeMetrics metrics;

    RejectionCountingFilter(IntakeMetrics metrics) {
        this.metrics = metrics;
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
        RejectionReason.of(response.getStatus()).ifPresent(reason -> metrics.rejected(
                EventType.ofPath(request.getRequestURI().substring(request.getContextPath().length())), reason));
    }
}
