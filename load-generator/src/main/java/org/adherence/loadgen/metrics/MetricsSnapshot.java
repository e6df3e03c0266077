package org.adherence.loadgen.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The samples of one scrape of one service, or the increase of counters between two scrapes ({@link #increaseSince}).
 *
 * @param elapsedNanos for a snapshot, {@link System#nanoTime()} at the scrape; for an increase, the time between
 *                     the two scrapes
 */
public record MetricsSnapshot(String source, long elapsedNanos, Map<Series, Double> samples) {

    public static final String PROCESS_START = "process_start_time_seconds";

    public MetricsSnapshot {
        samples = Map.copyOf(samples);
    }

    /**
     * What each series gained since {@code before}, as PromQL's {@code increase} over the two points without
     * extrapolation: a series new since then counts from 0, a value that went down (the service restarted) counts
     * from 0 again. When {@code process_start_time_seconds} changed between the two scrapes (the service
     * restarted, see {@link #restartedSince}), every series counts from 0: its whole value is the increase. Meaningful for counters and {@code _bucket}/{@code _count}/{@code _sum} series, not for gauges.
     */
    public MetricsSnapshot increaseSince(MetricsSnapshot before) {
        boolean restarted = restartedSince(before);
        Map<Series, Double> increase = new HashMap<>();
        samples.forEach((series, after) -> {
            double earlier = restarted ? 0d : before.samples.getOrDefault(series, 0d);
            increase.put(series, after >= earlier ? after - earlier : after);
        });
        return new MetricsSnapshot(source, elapsedNanos - before.elapsedNanos, increase);
    }

    /**
     * Whether the process was started again between {@code before} and this scrape: both carry
     * {@code process_start_time_seconds} and it differs. A counter of a restarted service that has grown past its
     * value before would otherwise pass for an ordinary increase.
     */
    public boolean restartedSince(MetricsSnapshot before) {
        if (!has(PROCESS_START) || !before.has(PROCESS_START)) {
            return false;
        }
        return sum(PROCESS_START, labels -> true) != before.sum(PROCESS_START, labels -> true);
    }

    /** The sum of every series of {@code name} whose labels pass {@code labels}; 0 when there is none. */
    public double sum(String name, Predicate<Map<String, String>> labels) {
        double sum = 0;
        for (Map.Entry<Series, Double> e : samples.entrySet()) {
            if (e.getKey().name().equals(name) && labels.test(e.getKey().labels()) && !Double.isNaN(e.getValue())) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(series -> series.name().equals(name));
    }

    /** Sums of {@code name} by the value of one label, e.g. alerts by rule. Series without the label are left out. */
    public Map<String, Double> sumBy(String name, String label, Predicate<Map<String, String>> labels) {
        Map<String, Double> sums = new TreeMap<>();
        samples.forEach((series, value) -> {
            String key = series.label(label);
            if (series.name().equals(name) && key != null && labels.test(series.labels()) && !Double.isNaN(value)) {
                sums.merge(key, value, Double::sum);
            }
        });
        return sums;
    }

    /**
     * The buckets of histogram {@code baseName} ({@code <baseName>_bucket}) summed over every series whose other
     * labels pass {@code labels}, by {@code le}, as {@code sum by (le) (...)} does; sorted by upper bound.
     */
    public List<HistogramQuantile.Bucket> buckets(String baseName, Predicate<Map<String, String>> labels) {
        Map<Double, Double> byUpperBound = new TreeMap<>();
        String bucketName = baseName + "_bucket";
        samples.forEach((series, value) -> {
            String le = series.label("le");
            if (series.name().equals(bucketName) && le != null && labels.test(series.labels())) {
                byUpperBound.merge(PrometheusTextParser.parseValue(le), value, Double::sum);
            }
        });
        List<HistogramQuantile.Bucket> buckets = new ArrayList<>();
        byUpperBound.forEach((le, count) -> buckets.add(new HistogramQuantile.Bucket(le, count)));
        return buckets;
    }
}
