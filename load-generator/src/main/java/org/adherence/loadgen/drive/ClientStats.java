package org.adherence.loadgen.drive;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.adherence.loadgen.workload.EventKind;
import org.adherence.loadgen.workload.PlannedRequest;

/**
 * What the client saw of the requests: latency from the moment each was due (what a user of an open system waits,
 * free of coordinated omission) and from the moment it really left, answers by status, late sends, events by kind.
 */
public final class ClientStats {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram fromDue = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final Histogram fromSend = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    /** Every outcome other than 202 (another status, a timeout, no connection), from send. */
    private final Histogram notAccepted = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> firstAnswerByOutcome = new ConcurrentHashMap<>();
    private final Map<EventKind, LongAdder> eventsSent = new EnumMap<>(EventKind.class);
    private final Map<EventKind, LongAdder> eventsAccepted = new EnumMap<>(EventKind.class);
    private final long lateAfterNanos;
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder lateSends = new LongAdder();
    private final AtomicLong maxLatenessNanos = new AtomicLong();
    private final AtomicLong lastAnswerNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long firstSendNanos = Long.MIN_VALUE;
    private volatile long scheduleStartNanos = Long.MIN_VALUE;
    private volatile long lastSendNanos = Long.MIN_VALUE;

    public ClientStats(long lateAfterNanos) {
        this.lateAfterNanos = lateAfterNanos;
        for (EventKind kind : EventKind.values()) {
            eventsSent.put(kind, new LongAdder());
            eventsAccepted.put(kind, new LongAdder());
        }
    }

    /** Called once before the first request: the schedule's start, the moment request 0 is due. */
    public void scheduleStarts(long startNanos) {
        scheduleStartNanos = startNanos;
    }

    /** Called by the one sending thread as a request leaves, {@code sentNanos - dueNanos} after it was due. */
    public void sent(PlannedRequest request, long dueNanos, long sentNanos) {
        if (firstSendNanos == Long.MIN_VALUE) {
            firstSendNanos = sentNanos;
        }
        lastSendNanos = sentNanos;
        requestsSent.increment();
        request.events().forEach((kind, n) -> eventsSent.get(kind).add(n));
        long lateness = sentNanos - dueNanos;
        if (lateness > lateAfterNanos) {
            lateSends.increment();
        }
        maxLatenessNanos.accumulateAndGet(lateness, Math::max);
    }

    /**
     * Called once an answer (or a failure) arrives. Only 202 answers go into the from-due and from-send histograms
     * (a fast 401 or a refused connection would otherwise pass for a fast request); the rest go into
     * {@link #latencyNotAccepted()}.
     *
     * @param outcome the HTTP status, or the exception's simple name when there was no answer
     * @param answer  the beginning of the body, kept for the first answer of each outcome other than 202
     */
    public void answered(PlannedRequest request, long dueNanos, long sentNanos, long answeredNanos, String outcome,
                         String answer) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        if ("202".equals(outcome)) {
            fromDue.recordValue(micros(answeredNanos - dueNanos));
            fromSend.recordValue(micros(answeredNanos - sentNanos));
            request.events().forEach((kind, n) -> eventsAccepted.get(kind).add(n));
        }
        else {
            notAccepted.recordValue(micros(answeredNanos - sentNanos));
            if (answer != null) {
                firstAnswerByOutcome.putIfAbsent(outcome, answer);
            }
        }
        lastAnswerNanos.accumulateAndGet(answeredNanos, Math::max);
    }

    public LatencySummary latencyFromDue() {
        return LatencySummary.of(fromDue.copy());
    }

    public LatencySummary latencyFromSend() {
        return LatencySummary.of(fromSend.copy());
    }

    /** Latency from send of every outcome other than 202; a timed-out request counts at the timeout. */
    public LatencySummary latencyNotAccepted() {
        return LatencySummary.of(notAccepted.copy());
    }

    /** The schedule's start, or the first send when {@link #scheduleStarts} was not called. */
    public long scheduleStartNanos() {
        return scheduleStartNanos != Long.MIN_VALUE ? scheduleStartNanos : firstSendNanos;
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }

    public Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    public Map<String, String> firstAnswerByOutcome() {
        return new TreeMap<>(firstAnswerByOutcome);
    }

    public Map<EventKind, Long> eventsSent() {
        return sums(eventsSent);
    }

    public Map<EventKind, Long> eventsAccepted() {
        return sums(eventsAccepted);
    }

    public long requestsSent() {
        return requestsSent.sum();
    }

    public long lateSends() {
        return lateSends.sum();
    }

    public long maxLatenessNanos() {
        return maxLatenessNanos.get();
    }

    public long firstSendNanos() {
        return firstSendNanos;
    }

    public long lastSendNanos() {
        return lastSendNanos;
    }

    public long lastAnswerNanos() {
        return lastAnswerNanos.get();
    }

    private static Map<EventKind, Long> sums(Map<EventKind, LongAdder> adders) {
        Map<EventKind, Long> sums = new EnumMap<>(EventKind.class);
        adders.forEach((kind, adder) -> sums.put(kind, adder.sum()));
        return sums;
    }
}
