package org.adherence.loadgen.report;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.adherence.loadgen.metrics.HistogramQuantile;
import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.Series;

/**
 * Reads the services' metrics (ops/README.md, "Metrics") from the scrapes before and after a run: the increase of
 * the counters, the percentiles of the latency histograms from their {@code _bucket} increase, heap and CPU.
 */
public final class PipelineMetrics {

    static final String INTAKE = "dose-intake-service";
    static final String EVENTS_RECEIVED = "adherence_events_received_total";
    static final String ALERTS_RAISED = "adherence_alerts_raised_total";
    static final String NOTIFICATIONS = "adherence_notifications_total";
    static final String PUBLISH = "adherence_intake_publish_seconds";
    static final String EVENT_TO_ALERT = "adherence_event_to_alert_seconds";
    static final String ALERT_TO_EMAIL = "adherence_notification_delivery_seconds";
    static final String HTTP_SERVER = "http_server_requests_seconds";
    static final String HEAP_USED = "jvm_memory_used_bytes";
    static final String CPU_TIME_NS = "process_cpu_time_ns_total";
    static final String CPU_SECONDS = "process_cpu_seconds_total";
    static final String SINGLE_DOSE_ABOVE_MAX = "SINGLE_DOSE_ABOVE_MAX";
    static final String HIGH = "HIGH";
    static final String WARNING = "WARNING";
    static final String CRITICAL = "CRITICAL";
    static final String INFO = "INFO";
    static final String CONSUMER_LAG_MAX = "kafka_consumer_fetch_manager_records_lag_max";
    static final String NOTIFICATIONS_HELD = "adherence_notifications_held";
    /** What became of an email for good: sent, failed for good, or (per alert) nobody to mail it to. */
    static final Set<String> FINAL_OUTCOMES = Set.of("sent", "failed", "undeliverable");

    private static final double MIB = 1024d * 1024d;
    private static final Predicate<Map<String, String>> ANY = labels -> true;
    /** INFO alerts go into a digest at the end of the patient's local day: their alert -> email is not a latency. */
    private static final Predicate<Map<String, String>> NOT_INFO = labels -> !INFO.equals(labels.get("severity"));
    /** G1's "G1 Old Gen", Parallel's "PS Old Gen", Serial's "Tenured Gen". */
    private static final Predicate<Map<String, String>> OLD_GEN = labels -> {
        String pool = labels.getOrDefault("id", "");
        return pool.contains("Old Gen") || pool.contains("Tenured");
    };

    private final MetricsSnapshot increase;
    private final List<String> restarted;

    private PipelineMetrics(MetricsSnapshot increase, List<String> restarted) {
        this.increase = increase;
        this.restarted = List.copyOf(restarted);
    }

    /**
     * The increase over every service scraped both times, as one set of series (each carries its application). A
     * service whose process_start_time_seconds changed restarted in between: all its series count from 0.
     */
    public static PipelineMetrics between(Map<URI, MetricsSnapshot> before, Map<URI, MetricsSnapshot> after) {
        Map<Series, Double> merged = new HashMap<>();
        List<String> restarted = new ArrayList<>();
        long window = 0;
        for (Map.Entry<URI, MetricsSnapshot> e : after.entrySet()) {
            MetricsSnapshot earlier = before.get(e.getKey());
            if (earlier != null) {
                MetricsSnapshot inc = e.getValue().increaseSince(earlier);
                merged.putAll(inc.samples());
                window = Math.max(window, inc.elapsedNanos());
                if (e.getValue().restartedSince(earlier)) {
                    restarted.add(e.getValue().source());
                }
            }
        }
        return new PipelineMetrics(new MetricsSnapshot("all", window, merged), restarted);
    }

    /** The services (by application) that restarted between the two scrapes. */
    public List<String> restartedServices() {
        return restarted;
    }

    public double windowSeconds() {
        return increase.elapsedNanos() / 1e9;
    }

    /** @param load the increase from "before" to the scrape right after the last answer: intake's latencies */
    public LoadReport.Pipeline pipeline(PipelineMetrics load) {
        return new LoadReport.Pipeline(
                windowSeconds(), load.windowSeconds(),
                nonZero(increase.sumBy(EVENTS_RECEIVED, "type", label("outcome", "accepted"))),
                nonZero(increase.sumBy(EVENTS_RECEIVED, "reason", label("outcome", "rejected"))),
                nonZero(increase.sumBy(ALERTS_RAISED, "rule", ANY)),
                nonZero(increase.sumBy(ALERTS_RAISED, "severity", ANY)),
                nonZero(increase.sumBy(NOTIFICATIONS, "severity", label("outcome", "sent"))),
                nonZero(increase.sumBy(NOTIFICATIONS, "outcome", ANY)),
                load.quantiles(HTTP_SERVER, label("application", INTAKE).and(label("method", "POST"))
                        .and(label("status", "202"))
                        .and(labels -> labels.getOrDefault("uri", "").startsWith("/api/v1/patients/"))),
                load.quantiles(PUBLISH, label("outcome", "durable")),
                quantiles(EVENT_TO_ALERT, ANY),
                quantiles(EVENT_TO_ALERT, label("severity", HIGH)),
                quantiles(ALERT_TO_EMAIL, NOT_INFO),
                quantiles(ALERT_TO_EMAIL, label("severity", HIGH)),
                quantiles(ALERT_TO_EMAIL, label("severity", INFO)));
    }

    public double eventsAccepted() {
        return increase.sum(EVENTS_RECEIVED, label("outcome", "accepted"));
    }

    public double alertsRaised() {
        return increase.sum(ALERTS_RAISED, ANY);
    }

    public double singleDoseAboveMaxAlerts() {
        return increase.sum(ALERTS_RAISED, label("rule", SINGLE_DOSE_ABOVE_MAX));
    }

    public double highAlerts() {
        return increase.sum(ALERTS_RAISED, label("severity", HIGH));
    }

    public double warningAlerts() {
        return increase.sum(ALERTS_RAISED, label("severity", WARNING));
    }

    public double criticalAlerts() {
        return increase.sum(ALERTS_RAISED, label("severity", CRITICAL));
    }

    /**
     * Emails expected for the alerts in the increase (shared/RULES.md, routing, with the synthetic care team of one
     * physician and one caregiver): CRITICAL and HIGH to both, WARNING to the physician only, INFO in a digest later.
     */
    public double emailsExpected() {
        return 2 * (highAlerts() + criticalAlerts()) + warningAlerts();
    }

    /** Emails (of alerts other than INFO) that reached a final outcome: sent, failed, undeliverable. */
    public double emailsFinished() {
        return increase.sum(NOTIFICATIONS, NOT_INFO.and(labels -> FINAL_OUTCOMES.contains(labels.get("outcome"))));
    }

    public double highEmailsSent() {
        return increase.sum(NOTIFICATIONS, label("severity", HIGH).and(label("outcome", "sent")));
    }

    /** Every notification outcome (sent, retried, failed, ...): it stops moving once notification has caught up. */
    public double notificationOutcomes() {
        return increase.sum(NOTIFICATIONS, ANY);
    }

    /**
     * Heap and CPU of each service; one that could not be scraped both times is listed as not scraped. CPU is taken
     * over the load window (before -> {@code atLastAnswer}) when that scrape has the service, else over the window.
     */
    public static List<LoadReport.Service> services(List<URI> urls, Map<URI, MetricsSnapshot> before,
                                                    Map<URI, MetricsSnapshot> atLastAnswer,
                                                    Map<URI, MetricsSnapshot> after, double eventsAccepted) {
        List<LoadReport.Service> services = new ArrayList<>();
        for (URI url : urls) {
            MetricsSnapshot b = before.get(url);
            MetricsSnapshot a = after.get(url);
            if (b == null || a == null) {
                services.add(new LoadReport.Service(a != null ? a.source() : b != null ? b.source() : url.toString(),
                        url.toString(), false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, false));
                continue;
            }
            MetricsSnapshot l = atLastAnswer.getOrDefault(url, a);
            double seconds = (l.elapsedNanos() - b.elapsedNanos()) / 1e9;
            double cpu = cpuIncrease(b, l);
            services.add(new LoadReport.Service(a.source(), url.toString(), true, heapMiB(b, ANY), heapMiB(a, ANY),
                    heapMiB(b, OLD_GEN), heapMiB(a, OLD_GEN), cpu, seconds > 0 ? cpu / seconds : Double.NaN,
                    eventsAccepted > 0 ? cpu / eventsAccepted * 1000 : Double.NaN, cpuIncrease(b, a),
                    a.restartedSince(b) || l.restartedSince(b)));
        }
        return services;
    }

    /** CPU seconds between two scrapes; after a restart, the process's whole CPU time is the increase. */
    static double cpuIncrease(MetricsSnapshot before, MetricsSnapshot after) {
        return after.restartedSince(before) ? cpuSeconds(after) : cpuSeconds(after) - cpuSeconds(before);
    }

    static double heapMiB(MetricsSnapshot snapshot, Predicate<Map<String, String>> pools) {
        return snapshot.has(HEAP_USED) ? snapshot.sum(HEAP_USED, label("area", "heap").and(pools)) / MIB : Double.NaN;
    }

    /** The process's CPU time so far, from Micrometer's process.cpu.time, or the classic Prometheus counter. */
    static double cpuSeconds(MetricsSnapshot snapshot) {
        if (snapshot.has(CPU_TIME_NS)) {
            return snapshot.sum(CPU_TIME_NS, ANY) / 1e9;
        }
        if (snapshot.has(CPU_SECONDS)) {
            return snapshot.sum(CPU_SECONDS, ANY);
        }
        return Double.NaN;
    }

    private LoadReport.Quantiles quantiles(String histogram, Predicate<Map<String, String>> labels) {
        List<HistogramQuantile.Bucket> buckets = increase.buckets(histogram, labels);
        double count = buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).cumulativeCount();
        return new LoadReport.Quantiles(count,
                millis(HistogramQuantile.quantile(0.50, buckets)),
                millis(HistogramQuantile.quantile(0.95, buckets)),
                millis(HistogramQuantile.quantile(0.99, buckets)),
                HistogramQuantile.capped(0.50, buckets), HistogramQuantile.capped(0.95, buckets),
                HistogramQuantile.capped(0.99, buckets));
    }

    private static double millis(double seconds) {
        return seconds * 1000;
    }

    static Predicate<Map<String, String>> label(String name, String value) {
        return labels -> value.equals(labels.get(name));
    }

    private static Map<String, Double> nonZero(Map<String, Double> sums) {
        Map<String, Double> kept = new TreeMap<>();
        sums.forEach((k, v) -> {
            if (v != 0) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
