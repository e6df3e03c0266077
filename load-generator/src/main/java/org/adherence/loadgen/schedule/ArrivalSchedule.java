package org.adherence.loadgen.schedule;

import java.time.Duration;

/**
 * When each request of an open-model run is due: events arrive at a fixed rate whatever the responses do, so request
 * {@code j} (carrying events {@code j*batchSize ...}) is due at {@code j * batchSize / rate} seconds after the start.
 * A run of {@code duration} at {@code rate} holds {@code floor(rate * duration)} events; the last request carries the
 * remainder when the batch size does not divide it.
 */
public final class ArrivalSchedule {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double eventsPerSecond;
    private final int batchSize;
    private final long eventCount;

    public ArrivalSchedule(double eventsPerSecond, Duration duration, int batchSize) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number of events per second");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.eventsPerSecond = eventsPerSecond;
        this.batchSize = batchSize;
        // a tiny epsilon keeps 0.1/s x 30 s at 3 events despite 0.1 having no exact binary form
        this.eventCount = (long) Math.floor(eventsPerSecond * (duration.toNanos() / NANOS_PER_SECOND) + 1e-9);
    }

    public long eventCount() {
        return eventCount;
    }

    public long requestCount() {
        return (eventCount + batchSize - 1) / batchSize;
    }

    /** How many events request {@code request} carries: the batch size, less for the last one. */
    public int eventsInRequest(long request) {
        checkRequest(request);
        return (int) Math.min(batchSize, eventCount - request * batchSize);
    }

    /** Nanoseconds after the run's start at which request {@code request} is due. */
    public long dueOffsetNanos(long request) {
        checkRequest(request);
        return Math.round(request * (double) batchSize * NANOS_PER_SECOND / eventsPerSecond);
    }

    private void checkRequest(long request) {
        if (request < 0 || request >= requestCount()) {
            throw new IndexOutOfBoundsException("request " + request + " of " + requestCount());
        }
    }
}
