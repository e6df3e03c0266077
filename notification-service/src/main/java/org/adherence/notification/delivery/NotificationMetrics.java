package org.adherence.notification.delivery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.adherence.contracts.codes.Severity;

import org.springframework.stereotype.Component;

/**
 * What this instance did with the emails it meant to send, in Prometheus:
 * {@code adherence_notifications_total{severity, outcome}} and {@code adherence_notification_delivery_seconds{severity}},
 * the time from an alert's {@code raisedAt} to the mail server's acceptance of the first email about it.
 */
@Component
public class NotificationMetrics {

    public static final String NOTIFICATIONS = "adherence.notifications";
    public static final String DELIVERY = "adherence.notification.delivery";

    /** An INFO alert waits for its patient's local day to end: a digest goes out up to a day and a half later. */
    private static final Duration LONGEST_EXPECTED_DELIVERY = Duration.ofDays(2);

    /** What became of an email (or, for {@code UNDELIVERABLE}, of an alert nobody can be mailed about yet). */
    public enum Outcome {
        SENT, RETRIED, FAILED, DEDUPLICATED, UNDELIVERABLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;
    private final Map<Severity, Timer> deliveries = new EnumMap<>(Severity.class);

    public NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
        // every series exists at 0 from the start: a dashboard shows 0 rather than "no data", and increase() sees
        // the first email
        for (Severity severity : Severity.values()) {
            for (Outcome outcome : Outcome.values()) {
                counter(severity.name(), outcome);
            }
            deliveries.put(severity, Timer.builder(DELIVERY)
                    .description("From an alert's raisedAt to the mail server's acceptance of its first email")
                    .tag("severity", severity.name())
                    .publishPercentileHistogram()
                    .maximumExpectedValue(LONGEST_EXPECTED_DELIVERY)
                    .register(meters));
        }
    }

    public void count(Severity severity, Outcome outcome) {
        counter(severity == null ? "UNKNOWN" : severity.name(), outcome).increment();
    }

    /** The first email about an alert (its own, or the digest listing it) was accepted this long after it was raised. */
    public void firstEmailAccepted(Severity severity, Duration sinceRaised) {
        // rules-service's clock a little ahead of this one gives a negative time, which a timer would drop uncounted
        deliveries.get(severity).record(sinceRaised.isNegative() ? Duration.ZERO : sinceRaised);
    }

    private Counter counter(String severity, Outcome outcome) {
        return Counter.builder(NOTIFICATIONS)
                .description("Emails meant to be sent, by what became of them")
                .tags("severity", severity, "outcome", outcome.tag())
                .register(meters);
    }
}
