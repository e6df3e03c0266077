package org.adherence.loadgen.metrics;

import java.util.List;

/**
 * A quantile from cumulative histogram buckets, exactly as PromQL's {@code histogram_quantile} computes it
 * (promql/quantile.go, {@code bucketQuantile}): find the bucket in which the rank {@code q * count} falls and
 * interpolate linearly between its lower and upper bound, the lowest bucket starting at 0. A rank in the
 * {@code +Inf} bucket gives the upper bound of the bucket below it. No observation, fewer than two buckets or no
 * {@code +Inf} bucket give NaN.
 */
public final class HistogramQuantile {

    /** One {@code _bucket} series: the observations at most {@code upperBound} ({@code le}), cumulative. */
    public record Bucket(double upperBound, double cumulativeCount) {
    }

    private HistogramQuantile() {
    }

    /** @param buckets sorted by upper bound, the last one {@code +Inf} */
    public static double quantile(double q, List<Bucket> buckets) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = buckets.size();
        if (n < 2 || buckets.get(n - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double[] counts = monotonic(buckets);
        double observations = counts[n - 1];
        if (observations == 0 || Double.isNaN(observations)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && counts[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return buckets.get(n - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double bucketStart = 0;
        double bucketEnd = buckets.get(b).upperBound();
        double count = counts[b];
        if (b > 0) {
            bucketStart = buckets.get(b - 1).upperBound();
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /**
     * Whether {@link #quantile} of {@code q} is only a lower bound: its rank falls in the {@code +Inf} bucket, so the
     * value returned is the highest finite bound and the true quantile is at least that ({@code ">= X"}).
     */
    public static boolean capped(double q, List<Bucket> buckets) {
        int n = buckets.size();
        if (Double.isNaN(q) || q < 0 || q > 1 || n < 2 || buckets.get(n - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return false;
        }
        double[] counts = monotonic(buckets);
        double observations = counts[n - 1];
        if (observations == 0 || Double.isNaN(observations)) {
            return false;
        }
        return counts[n - 2] < q * observations;
    }

    /** Scrapes taken while counts move can be slightly non-monotonic across buckets; Prometheus evens them out too. */
    private static double[] monotonic(List<Bucket> buckets) {
        double[] counts = new double[buckets.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < counts.length; i++) {
            max = Math.max(max, buckets.get(i).cumulativeCount());
            counts[i] = max;
        }
        return counts;
    }
}
