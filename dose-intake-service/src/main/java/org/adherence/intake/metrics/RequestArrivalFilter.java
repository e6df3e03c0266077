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
 * Notes when a request arrived at intake, as the start of its {@code adherence.intake.publish} sample (request
 * attribute {@link IntakeMetrics#ARRIVAL}), so that the time to the broker's acknowledgement includes
 * authentication, reading, parsing and checking the body. Outermost, with {@link RejectionCountingFilter} (which of
 * the two runs first makes no difference: that one acts only once the request has been answered) and before Boot's
 * HTTP observation ({@code HIGHEST_PRECEDENCE + 1}). Once per request: the async dispatch that writes the answer
 * keeps the attribute.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestArrivalFilter extends OncePerRequestFilter {

    private final IntakeMetrics metrics;

    RequestArrivalFilter(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(IntakeMetrics.ARRIVAL, metrics.startPublish());
        chain.doFilter(request, response);
    }
}
