package org.adherence.loadgen.report;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.Series;

/**
 * When the downstream has settled after a run: pure functions of the scrapes, so that they can be tested without a
 * stack or a clock. Settled means all of
 * <ol>
 * <li>complete: every 25 mg dose accepted has its {@code SINGLE_DOSE_ABOVE_MAX}, and the emails with a final outcome
 *     (sent, failed, undeliverable) reach those the alerts of the increase call for ({@link PipelineMetrics#emailsExpected});</li>
 * <li>drained: {@code kafka_consumer_fetch_manager_records_lag_max} is 0 for every series of rules-service and
 *     notification-service, and {@code adherence_notifications_held} is 0, in the latest scrape;</li>
 * <li>quiet: the counters (events accepted, alerts raised, notification outcomes) have not moved for the quiet
 *     period ({@link Tracker}).</li>
 * </ol>
 */
public final class Settling {

    static final Set<String> CONSUMERS = Set.of("rules-service", "notification-service");

    private Settling() {
    }

    /** What the scrapes say; {@code waitingFor} names what is missing, empty when complete and drained. */
    public record Check(boolean complete, boolean drained, List<String> waitingFor) {

        public boolean ready() {
            return complete && drained;
        }
    }

    /**
     * @param increase   the increase from "before" to the latest scrapes
     * @param latest     the latest scrape of every service (gauges: lag, held alerts)
     * @param overdoses  25 mg doses the client saw accepted
     */
    public static Check check(PipelineMetrics increase, Map<URI, MetricsSnapshot> latest, long overdoses) {
        List<String> waiting = new ArrayList<>();
        double alerts = increase.singleDoseAboveMaxAlerts();
        if (alerts < overdoses) {
            waiting.add(String.format(Locale.ROOT, "SINGLE_DOSE_ABOVE_MAX %.0f of %d 25 mg doses", alerts, overdoses));
        }
        double finished = increase.emailsFinished();
        double expected = increase.emailsExpected();
        if (finished < expected) {
            waiting.add(String.format(Locale.ROOT, "emails %.0f of %.0f (2 x HIGH + 1 x WARNING)", finished,
                    expected));
        }
        boolean complete = waiting.isEmpty();
        double lag = 0;
        double held = 0;
        for (MetricsSnapshot snapshot : latest.values()) {
            for (Map.Entry<Series, Double> e : snapshot.samples().entrySet()) {
                double value = e.getValue();
                // a consumer that has not fetched yet reports NaN (or -Inf): no lag measured, not a backlog
                if (Double.isNaN(value) || value <= 0) {
                    continue;
                }
                String name = e.getKey().name();
                if (name.equals(PipelineMetrics.CONSUMER_LAG_MAX)
                        && CONSUMERS.contains(e.getKey().labels().getOrDefault("application", ""))) {
                    lag = Math.max(lag, value);
                }
                else if (name.equals(PipelineMetrics.NOTIFICATIONS_HELD)) {
                    held = Math.max(held, value);
                }
            }
        }
        if (lag > 0) {
            waiting.add(String.format(Locale.ROOT, "consumer lag %.0f", lag));
        }
        if (held > 0) {
            waiting.add(String.format(Locale.ROOT, "%.0f alerts held", held));
        }
        return new Check(complete, lag == 0 && held == 0, List.copyOf(waiting));
    }

    /** The counters that stop moving once the downstream has caught up. */
    public static double[] figures(PipelineMetrics increase) {
        return new double[] {increase.eventsAccepted(), increase.alertsRaised(), increase.notificationOutcomes()};
    }

    /**
     * Remembers when the counters last moved. {@link #observe} each poll with its time ({@link System#nanoTime()}),
     * its figures and whether every service answered (one that did not would look like one standing still: that
     * counts as movement).
     */
    public static final class Tracker {

        private final long startNanos;
        private double[] last;
        private long lastMovedNanos;

        public Tracker(long startNanos, double[] figures) {
            this.startNanos = startNanos;
            this.last = figures.clone();
            this.lastMovedNanos = startNanos;
        }

        public void observe(long nanos, double[] figures, boolean everyServiceAnswered) {
            if (!everyServiceAnswered || !Arrays.equals(figures, last)) {
                lastMovedNanos = nanos;
            }
            last = figures.clone();
        }

        /** Whether the counters have stood still for at least {@code quietNanos} at {@code nanos}. */
        public boolean quietFor(long nanos, long quietNanos) {
            return nanos - lastMovedNanos >= quietNanos;
        }

        /** From the start (the last answer) to the poll at which the counters last moved. */
        public double settledAfterSeconds() {
            return (lastMovedNanos - startNanos) / 1e9;
        }
    }
}
