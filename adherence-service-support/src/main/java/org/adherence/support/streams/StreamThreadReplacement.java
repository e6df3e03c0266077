package org.adherence.support.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream thread that died is replaced: the new one takes up its tasks from their last commit, and the other
 * patients' records go on. Within a budget (so many replacements in a window of time): a thread that dies again and
 * again on the same record would otherwise loop for ever, so past it the client stops, the binder's health turns
 * readiness DOWN and the service's "stream not running" alert fires. An error of the JVM itself (out of memory) stops
 * the client at once.
 *
 * <p>The binder sets a handler that stops the client on the first death; install this one with a
 * {@code KafkaStreamsCustomizer}, which runs after it, just before {@code KafkaStreams#start()}.
 */
public final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamThreadReplacement.class);

    private final String service;

    private final int maxReplacements;

    private final Duration window;

    private final Runnable onReplaced;

    private final Clock clock;

    private final Deque<Instant> replaced = new ArrayDeque<>();

    /**
     * @param service         named in the log lines
     * @param maxReplacements how many threads may be replaced within the window before the client stops
     * @param window          the window of time
     * @param onReplaced      called on each replacement (a counter)
     * @param clock           the clock of the window
     */
    public StreamThreadReplacement(String service, int maxReplacements, Duration window, Runnable onReplaced,
                                   Clock clock) {
        if (maxReplacements < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a budget of replacements needs a count of 0 or more and a window "
                    + "longer than zero; got " + maxReplacements + " in " + window);
        }
        this.service = Objects.requireNonNull(service);
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.onReplaced = Objects.requireNonNull(onReplaced);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replaced.isEmpty() && !replaced.peekFirst().isAfter(now.minus(window))) {
            replaced.removeFirst();
        }
        if (exception instanceof VirtualMachineError || replaced.size() >= maxReplacements) {
            log.error("A stream thread died, {} replaced within {}: stopping the Kafka Streams client; {} does no "
                    + "more work until it is restarted", replaced.size(), window, service, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        onReplaced.run();
        log.error("A stream thread died; replaced ({} of {} within {})", replaced.size(), maxReplacements, window,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
