package org.adherence.notification.delivery;

import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.codes.Severity;

import org.springframework.stereotype.Component;

/**
 * One counter, {@code adherence_notifications_total{severity, outcome}} in Prometheus, for every email this
 * instance meant to send and what became of it.
 */
@Component
public class NotificationMetrics {

    public static final String NOTIFICATIONS = "adherence.notifications";

    /** What became of an email (or, for {@code UNDELIVERABLE}, of an alert nobody can be mailed about yet). */
    public enum Outcome {
        SENT, RETRIED, FAILED, DEDUPLICATED, UNDELIVERABLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;

    public NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void count(Severity severity, Outcome outcome) {
        meters.counter(NOTIFICATIONS, "severity", severity == null ? "UNKNOWN" : severity.name(),
                "outcome", outcome.tag()).increment();
    }
}
