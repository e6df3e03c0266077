package org.adherence.intake.ratelimit;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    private final TimeMeter clock = new TimeMeter() {

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    @Test
    void letsThroughTheLimitAMinuteThenSaysWhenTheNextRequestMayCome() {
        SubjectRateLimiter limiter = new SubjectRateLimiter(3, 100, clock, nanos::get);

        assertThat(limiter.tryAcquire("p-1")).isEmpty();
        assertThat(limiter.tryAcquire("p-1")).isEmpty();
        assertThat(limiter.tryAcquire("p-1")).isEmpty();
        // one request comes back every 20 s
        assertThat(limiter.tryAcquire("p-1")).isEqualTo(OptionalLong.of(20));

        advance(Duration.ofSeconds(19).plusMillis(500));
        assertThat(limiter.tryAcquire("p-1")).isEqualTo(OptionalLong.of(1));
        advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire("p-1")).isEmpty();
        assertThat(limiter.tryAcquire("p-1")).isEqualTo(OptionalLong.of(20));
    }

    @Test
    void eachSubjectHasItsOwnBucket() {
        SubjectRateLimiter limiter = new SubjectRateLimiter(1, 100, clock, nanos::get);

        assertThat(limiter.tryAcquire("p-1")).isEmpty();
        assertThat(limiter.tryAcquire("p-1")).isPresent();
        assertThat(limiter.tryAcquire("p-2")).isEmpty();
    }

    @Test
    void aLimitOfZeroLimitsNothingAndKeepsNoBucket() {
        SubjectRateLimiter limiter = new SubjectRateLimiter(0, 100, clock, nanos::get);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("p-1")).isEmpty();
        }
        assertThat(limiter.subjects()).isZero();
    }

    @Test
    void keepsAtMostMaxSubjectsBucketsAndDropsIdleOnes() {
        SubjectRateLimiter limiter = new SubjectRateLimiter(5, 50, clock, nanos::get);

        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("attacker-" + i);
        }
        assertThat(limiter.subjects()).isLessThanOrEqualTo(50);

        advance(Duration.ofMinutes(3));
        assertThat(limiter.subjects()).isZero();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
