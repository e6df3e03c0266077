package org.adherence.rules.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream thread that died is replaced: the new one takes up its tasks from their last commit, and the other
 * patients' alerts go on. Within a budget (so many replacements in a window of time): a thread that dies again and
 * again on the same record would otherwise loop for ever, so past it the client stops, readiness turns DOWN and
 * {@code AdherenceRulesEngineNotRunning} fires. An error of the JVM itself (out of memory) stops the client at once.
 */
final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamThreadReplacement.class);

    private final int maxReplacements;

    private final Duration window;

    private final RulesMetrics metrics;

    private final Clock clock;

    private final Deque<Instant> replaced = new ArrayDeque<>();

    StreamThreadReplacement(int maxReplacements, Duration window, RulesMetrics metrics, Clock clock) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replaced.isEmpty() && !replaced.peekFirst().isAfter(now.minus(window))) {
            replaced.removeFirst();
        }
        if (exception instanceof VirtualMachineError || replaced.size() >= maxReplacements) {
            log.error("A stream thread died, {} replaced within {}: stopping the Kafka Streams client, no alert is "
                    + "raised until rules-service is restarted", replaced.size(), window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        metrics.threadReplaced();
        log.error("A stream thread died; replaced ({} of {} within {})", replaced.size(), maxReplacements, window,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
