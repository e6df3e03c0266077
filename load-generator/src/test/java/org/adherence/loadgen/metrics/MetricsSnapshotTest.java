package org.adherence.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.adherence.loadgen.metrics.HistogramQuantile.Bucket;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {

    @Test
    void increaseCountsNewSeriesFromZeroAndRestartedCountersFromTheirNewValue() {
        // given a counter that grew, one that went down (the service restarted) and one that is new
        MetricsSnapshot before = snapshot(1_000_000_000L, """
                grew_total 10
                restarted_total 50
                """);
        MetricsSnapshot after = snapshot(3_000_000_000L, """
                grew_total 15
                restarted_total 4
                new_total 7
                """);

        // when the increase is taken
        MetricsSnapshot increase = after.increaseSince(before);

        // then
        assertThat(increase.samples()).isEqualTo(Map.of(
                new Series("grew_total", Map.of()), 5.0,
                new Series("restarted_total", Map.of()), 4.0,
                new Series("new_total", Map.of()), 7.0));
        assertThat(increase.elapsedNanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void aChangedProcessStartTimeMeansARestartAndEverySeriesCountsFromZero() {
        // given a restart after which the counter grew past its old value (it did not go down)
        MetricsSnapshot before = snapshot(0, """
                process_start_time_seconds 1700000000.5
                requests_total 100
                """);
        MetricsSnapshot after = snapshot(1, """
                process_start_time_seconds 1700000900.25
                requests_total 130
                """);

        // then it is a restart, and the increase is the whole new value, not 30
        assertThat(after.restartedSince(before)).isTrue();
        assertThat(after.increaseSince(before).sum("requests_total", labels -> true)).isEqualTo(130.0);
        // and the same start time (or none) is no restart
        assertThat(after.restartedSince(after)).isFalse();
        assertThat(snapshot(2, "requests_total 140\n").restartedSince(before)).isFalse();
    }

    @Test
    void sumsBucketsAcrossSeriesByUpperBoundAndQuantilesFollowPrometheus() {
        // given two severities' alert->email histograms scraped before and after a run
        MetricsSnapshot before = snapshot(0, """
                d_bucket{severity="HIGH",le="0.5"} 5
                d_bucket{severity="HIGH",le="1.0"} 5
                d_bucket{severity="HIGH",le="+Inf"} 5
                d_bucket{severity="WARNING",le="0.5"} 0
                d_bucket{severity="WARNING",le="1.0"} 0
                d_bucket{severity="WARNING",le="+Inf"} 0
                """);
        MetricsSnapshot after = snapshot(1, """
                d_bucket{severity="HIGH",le="0.5"} 10
                d_bucket{severity="HIGH",le="1.0"} 15
                d_bucket{severity="HIGH",le="+Inf"} 15
                d_bucket{severity="WARNING",le="0.5"} 5
                d_bucket{severity="WARNING",le="1.0"} 10
                d_bucket{severity="WARNING",le="+Inf"} 12
                """);

        // when the increase is summed by le over both severities
        List<Bucket> buckets = after.increaseSince(before).buckets("d", labels -> true);

        // then 5+5 up to 0.5 s, 10+10 up to 1 s, 10+12 in all
        assertThat(buckets).containsExactly(new Bucket(0.5, 10), new Bucket(1.0, 20),
                new Bucket(Double.POSITIVE_INFINITY, 22));
        // and the median (rank 11) is 1/10 into (0.5, 1]
        assertThat(HistogramQuantile.quantile(0.5, buckets)).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void anUnchangedHistogramHasNoQuantile() {
        // given the same scrape before and after: nothing was observed in between
        MetricsSnapshot same = snapshot(0, """
                d_bucket{le="0.5"} 3
                d_bucket{le="+Inf"} 4
                """);

        // when the increase's buckets are read, then every count is 0 and there is no quantile
        List<Bucket> buckets = same.increaseSince(same).buckets("d", labels -> true);
        assertThat(buckets).containsExactly(new Bucket(0.5, 0), new Bucket(Double.POSITIVE_INFINITY, 0));
        assertThat(HistogramQuantile.quantile(0.99, buckets)).isNaN();
    }

    @Test
    void sumsByOneLabelOverTheSeriesAFilterKeeps() {
        MetricsSnapshot snapshot = snapshot(0, """
                n_total{severity="HIGH",outcome="sent"} 4
                n_total{severity="HIGH",outcome="retried"} 1
                n_total{severity="WARNING",outcome="sent"} 3
                """);

        assertThat(snapshot.sumBy("n_total", "severity", labels -> "sent".equals(labels.get("outcome"))))
                .isEqualTo(Map.of("HIGH", 4.0, "WARNING", 3.0));
        assertThat(snapshot.sum("n_total", labels -> true)).isEqualTo(8.0);
    }

    private static MetricsSnapshot snapshot(long nanos, String text) {
        return new MetricsSnapshot("test", nanos, PrometheusTextParser.parse(text));
    }
}
