package org.adherence.loadgen.drive;

import org.HdrHistogram.Histogram;

/** Percentiles of a client-side latency histogram, in milliseconds (recorded in microseconds). */
public record LatencySummary(long count, double p50, double p90, double p95, double p99, double p999, double max,
                             double mean) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000d);
    }

    private static double ms(long micros) {
        return micros / 1000d;
    }
}
