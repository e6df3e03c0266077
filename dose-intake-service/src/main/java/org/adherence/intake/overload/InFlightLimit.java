package org.adherence.intake.overload;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.metrics.RejectionReason;
import org.adherence.intake.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the memory the requests in hand may take, so that a storm is answered {@code 503} with
 * {@code Retry-After} instead of filling the heap. Events are answered asynchronously, once the broker has
 * acknowledged them (up to {@code publish-timeout}): a request costs no thread while it waits, so nothing else bounds
 * how many wait. Seen without it: a DOUBLE_DOSE storm of 625 requests a second on two busy cores took intake, with a
 * 256 MB heap, to {@code OutOfMemoryError} within a minute, and it answered nobody after that.
 *
 * <p>Each request takes a share of {@code adherence.intake.in-flight-budget} from its arrival to its answer: a fixed
 * cost ({@link #REQUEST_COST}: the container's buffers, the parsed request, its trace) plus its body
 * {@link #BODY_FACTOR} times over (the bytes and the objects they are read into); a body of unknown length counts
 * as the largest allowed. A request whose share is not free is refused at once, before authentication or reading: it
 * publishes nothing, and the app posts it again later (CONTRACT.md: 503 with Retry-After). Runs before the body-size
 * filter and Spring Security, inside the counting of refusals and the HTTP observation.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class InFlightLimit extends OncePerRequestFilter {

    /** A request's cost besides its body. */
    static final int REQUEST_COST = 32 * 1024;

    /** A body costs this many times its length. */
    static final int BODY_FACTOR = 4;

    private static final Logger log = LoggerFactory.getLogger(InFlightLimit.class);

    private static final int KIB = 1024;

    private final Semaphore budgetKiB;

    private final int totalKiB;

    private final long maxBodyBytes;

    private final long retryAfterSeconds;

    private final ProblemWriter writer;

    private final AtomicBoolean warned = new AtomicBoolean();

    public InFlightLimit(IntakeProperties properties, ProblemWriter writer, MeterRegistry registry) {
        long budget = properties.inFlightBudget().toBytes();
        this.maxBodyBytes = properties.maxBodySize().toBytes();
        if (budget < cost(maxBodyBytes) * 4L * KIB) {
            throw new IllegalArgumentException("adherence.intake.in-flight-budget (" + properties.inFlightBudget()
                    + ") must hold at least four of the largest requests (max-body-size " + properties.maxBodySize()
                    + " costs " + cost(maxBodyBytes) + " KiB each)");
        }
        this.totalKiB = (int) Math.min(Integer.MAX_VALUE, budget / KIB);
        this.budgetKiB = new Semaphore(totalKiB);
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        this.writer = writer;
        Gauge.builder("adherence.intake.in.flight.budget.used", this, limit -> limit.usedKiB() * (double) KIB)
                .description("Bytes of adherence.intake.in-flight-budget the requests in hand take")
                .baseUnit("bytes")
                .register(registry);
    }

    /** The share of the budget a request with a body of so many bytes (-1: unknown) takes, in KiB. */
    int cost(long bodyBytes) {
        long body = bodyBytes < 0 || bodyBytes > maxBodyBytes ? maxBodyBytes : bodyBytes;
        return (int) Math.min(Integer.MAX_VALUE, (REQUEST_COST + BODY_FACTOR * body + KIB - 1) / KIB);
    }

    int usedKiB() {
        return totalKiB - budgetKiB.availablePermits();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int cost = cost(request.getContentLengthLong());
        if (!budgetKiB.tryAcquire(cost)) {
            refuse(request, response);
            return;
        }
        Release release = new Release(cost);
        try {
            chain.doFilter(request, response);
        }
        finally {
            if (request.isAsyncStarted()) {
                // answered later, on the broker's acknowledgement or the publish timeout: hold the share until then
                request.getAsyncContext().addListener(release);
            }
            else {
                release.run();
            }
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (warned.compareAndSet(false, true)) {
            log.warn("Refusing requests with 503: the requests in hand take all of adherence.intake.in-flight-budget "
                    + "({} KiB); the broker is slow or the load is above what this instance takes (logged once until "
                    + "the budget is half free)", totalKiB);
        }
        request.setAttribute(RejectionReason.ATTRIBUTE, RejectionReason.OVERLOADED);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Intake has as many requests in hand as it has room for; nothing of this one was published. Post it "
                        + "again after the Retry-After seconds.");
        problem.setTitle("Intake overloaded");
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        writer.write(request, response, problem);
    }

    /** Gives a request's share back once, whichever of the container's callbacks comes first. */
    private final class Release implements AsyncListener, Runnable {

        private final int cost;

        private final AtomicBoolean done = new AtomicBoolean();

        Release(int cost) {
            this.cost = cost;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                budgetKiB.release(cost);
                if (warned.get() && usedKiB() < totalKiB / 2 && warned.compareAndSet(true, false)) {
                    log.info("Accepting requests again: half of adherence.intake.in-flight-budget is free");
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            run();
        }

        @Override
        public void onError(AsyncEvent event) {
            run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
