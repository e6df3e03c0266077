package org.adherence.support.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StreamThreadReplacementTest {

    private Instant now = Instant.parse("2026-12-03T10:00:00Z");

    private final AtomicInteger replacements = new AtomicInteger();

    private final StreamThreadReplacement handler = new StreamThreadReplacement("a-service", 3,
            Duration.ofMinutes(10), replacements::incrementAndGet, new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });

    @Test
    void aThreadThatDiesIsReplacedUpToTheBudgetThenTheClientStops() {
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handle(new IllegalStateException("boom " + i))).isEqualTo(REPLACE_THREAD);
            now = now.plusSeconds(1);
        }
        assertThat(handler.handle(new IllegalStateException("again"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(replacements).hasValue(3);
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handle(new IllegalStateException())).isEqualTo(REPLACE_THREAD);
        }
        now = now.plus(Duration.ofMinutes(10));
        assertThat(handler.handle(new IllegalStateException())).isEqualTo(REPLACE_THREAD);
        assertThat(replacements).hasValue(4);
    }

    @Test
    void anErrorOfTheJvmStopsTheClientAtOnce() {
        assertThat(handler.handle(new OutOfMemoryError("heap"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(replacements).hasValue(0);
    }

    @Test
    void aBudgetNeedsAWindow() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StreamThreadReplacement("s", 1, Duration.ZERO,
                () -> { }, Clock.systemUTC()));
    }
}
