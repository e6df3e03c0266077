package org.adherence.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.adherence.loadgen.metrics.HistogramQuantile.Bucket;
import org.junit.jupiter.api.Test;

class HistogramQuantileTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** 10 observations up to 0.1 s, 20 more up to 0.5 s, 10 more up to 1 s, none above. */
    private static final List<Bucket> FORTY = List.of(new Bucket(0.1, 10), new Bucket(0.5, 30), new Bucket(1, 40),
            new Bucket(INF, 40));

    @Test
    void interpolatesLinearlyInsideTheBucketHoldingTheRank() {
        // given 40 observations; when the median is asked, then rank 20 lies 10 into the 20 of (0.1, 0.5]
        assertThat(HistogramQuantile.quantile(0.5, FORTY)).isCloseTo(0.1 + 0.4 * 10 / 20, within(1e-12));
        // rank 38 lies 8 into the 10 of (0.5, 1]
        assertThat(HistogramQuantile.quantile(0.95, FORTY)).isCloseTo(0.5 + 0.5 * 8 / 10, within(1e-12));
    }

    @Test
    void startsTheLowestBucketAtZero() {
        // given 10 observations up to 0.1 s; when p10 (rank 4) is asked, then it is 4/10 of the way from 0 to 0.1
        assertThat(HistogramQuantile.quantile(0.1, FORTY)).isCloseTo(0.04, within(1e-12));
        // and a rank on a bucket's boundary gives that bucket's upper bound
        assertThat(HistogramQuantile.quantile(0.25, FORTY)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void givesTheHighestFiniteBoundWhenTheRankFallsInTheInfBucket() {
        // given 10 of 50 observations above 1 s
        List<Bucket> buckets = List.of(new Bucket(0.1, 10), new Bucket(0.5, 30), new Bucket(1, 40),
                new Bucket(INF, 50));

        // when p99 (rank 49.5) is asked, then the answer is the bound below +Inf, as Prometheus says
        assertThat(HistogramQuantile.quantile(0.99, buckets)).isEqualTo(1.0);
        // while p70 (rank 35) still interpolates in (0.5, 1]
        assertThat(HistogramQuantile.quantile(0.7, buckets)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void isNotANumberWithoutObservations() {
        // given buckets whose increase over the run is zero everywhere
        List<Bucket> empty = List.of(new Bucket(0.1, 0), new Bucket(1, 0), new Bucket(INF, 0));

        // then no quantile exists
        assertThat(HistogramQuantile.quantile(0.5, empty)).isNaN();
        assertThat(HistogramQuantile.quantile(0.5, List.of())).isNaN();
    }

    @Test
    void isNotANumberWithoutAnInfBucketOrWithOnlyOneBucket() {
        assertThat(HistogramQuantile.quantile(0.5, List.of(new Bucket(0.1, 5), new Bucket(1, 10)))).isNaN();
        assertThat(HistogramQuantile.quantile(0.5, List.of(new Bucket(INF, 10)))).isNaN();
    }

    @Test
    void answersInfinitiesForQuantilesOutsideZeroToOne() {
        assertThat(HistogramQuantile.quantile(-0.1, FORTY)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(HistogramQuantile.quantile(1.1, FORTY)).isEqualTo(INF);
    }

    @Test
    void evensOutBucketsThatAreNotMonotonic() {
        // given a scrape that caught the 0.5 bucket one behind the 0.1 bucket
        List<Bucket> torn = List.of(new Bucket(0.1, 10), new Bucket(0.5, 9), new Bucket(1, 20), new Bucket(INF, 20));

        // when the median (rank 10) is asked, then the 0.5 bucket counts as 10 and the rank ends at 0.1
        assertThat(HistogramQuantile.quantile(0.5, torn)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aRankInInfIsFlaggedAsCappedAndNoOtherIs() {
        // given 10 observations up to 1 s and 10 above it
        List<Bucket> tail = List.of(new Bucket(0.5, 5), new Bucket(1, 10), new Bucket(INF, 20));

        // then the median (rank 10) is in (0.5, 1], the p95 (rank 19) in +Inf: 1 s at least
        assertThat(HistogramQuantile.capped(0.5, tail)).isFalse();
        assertThat(HistogramQuantile.capped(0.95, tail)).isTrue();
        assertThat(HistogramQuantile.quantile(0.95, tail)).isEqualTo(1.0);
        // and no observation or no +Inf bucket is not capped
        assertThat(HistogramQuantile.capped(0.99, List.of(new Bucket(1, 0), new Bucket(INF, 0)))).isFalse();
        assertThat(HistogramQuantile.capped(0.99, List.of(new Bucket(1, 3), new Bucket(2, 5)))).isFalse();
    }
}
