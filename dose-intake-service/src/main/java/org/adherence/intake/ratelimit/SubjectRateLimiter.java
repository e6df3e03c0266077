package org.adherence.intake.ratelimit;

import java.time.Duration;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * A token bucket per token subject (Bucket4j): {@code limit} requests, refilled smoothly over a minute. The buckets
 * live in a bounded cache (Caffeine) keyed by the subject of a verified token, dropped after two idle minutes (by
 * then a bucket is full again, so dropping it changes nothing) and, beyond {@code maxSubjects}, the least used first.
 */
final class SubjectRateLimiter {

    static final Duration PERIOD = Duration.ofMinutes(1);

    private static final Duration IDLE = PERIOD.multipliedBy(2);

    private final long limit;

    private final TimeMeter time;

    private final Cache<String, Bucket> buckets;

    SubjectRateLimiter(long limit, int maxSubjects) {
        this(limit, maxSubjects, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
    }

    SubjectRateLimiter(long limit, int maxSubjects, TimeMeter time, Ticker ticker) {
        this.limit = limit;
        this.time = time;
        this.buckets = Caffeine.newBuilder().maximumSize(maxSubjects).expireAfterAccess(IDLE).ticker(ticker).build();
    }

    /** Empty when the request may go on; else how many seconds until the subject may make one again (at least 1). */
    OptionalLong tryAcquire(String subject) {
        if (limit == 0) {
            return OptionalLong.empty();
        }
        ConsumptionProbe probe = buckets.get(subject, this::newBucket).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    long limit() {
        return limit;
    }

    long subjects() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket(String subject) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, PERIOD))
                .withCustomTimePrecision(time)
                .build();
    }
}
