package org.adherence.loadgen.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void spreadsTheEventsEvenlyFromTheStart() {
        // given 10 events a second for 2 seconds, one event a request
        ArrivalSchedule schedule = new ArrivalSchedule(10, Duration.ofSeconds(2), 1);

        // then 20 requests, due every 100 ms from 0 to 1900 ms
        assertThat(schedule.eventCount()).isEqualTo(20);
        assertThat(schedule.requestCount()).isEqualTo(20);
        assertThat(dueTimes(schedule)).isEqualTo(LongStream.range(0, 20).map(j -> j * 100 * MS).boxed().toList());
    }

    @Test
    void batchesAreDueWhenTheirFirstEventIs() {
        // given 10 events a second for 2 seconds, 3 events a request
        ArrivalSchedule schedule = new ArrivalSchedule(10, Duration.ofSeconds(2), 3);

        // then 7 requests every 300 ms, the last with the remaining 2 events
        assertThat(schedule.requestCount()).isEqualTo(7);
        assertThat(dueTimes(schedule)).containsExactly(0L, 300 * MS, 600 * MS, 900 * MS, 1200 * MS, 1500 * MS,
                1800 * MS);
        assertThat(LongStream.range(0, 7).map(schedule::eventsInRequest).boxed().toList())
                .containsExactly(3L, 3L, 3L, 3L, 3L, 3L, 2L);
    }

    @Test
    void aMinuteAtFiftyPerSecondEndsOneGapBeforeTheMinute() {
        // given the measured run's settings
        ArrivalSchedule schedule = new ArrivalSchedule(50, Duration.ofSeconds(60), 1);

        // then 3000 events, 20 ms apart, the last due at 59.98 s
        assertThat(schedule.eventCount()).isEqualTo(3000);
        assertThat(schedule.dueOffsetNanos(1)).isEqualTo(20 * MS);
        assertThat(schedule.dueOffsetNanos(2999)).isEqualTo(59_980 * MS);
    }

    @Test
    void fractionalRatesKeepWholeEventsOnly() {
        // 2.5 a second for 60 s: 150 events 400 ms apart; 0.1 a second for 30 s: 3 events despite 0.1 being inexact
        ArrivalSchedule twoAndAHalf = new ArrivalSchedule(2.5, Duration.ofSeconds(60), 1);
        assertThat(twoAndAHalf.eventCount()).isEqualTo(150);
        assertThat(twoAndAHalf.dueOffsetNanos(1)).isEqualTo(400 * MS);

        assertThat(new ArrivalSchedule(0.1, Duration.ofSeconds(30), 1).eventCount()).isEqualTo(3);
        // and 3 events a second for 900 ms: 2 events, at 0 and 333.3 ms
        ArrivalSchedule partial = new ArrivalSchedule(3, Duration.ofMillis(900), 1);
        assertThat(dueTimes(partial)).containsExactly(0L, 333_333_333L);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ArrivalSchedule(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(1, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(1, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(1, Duration.ofSeconds(1), 1).dueOffsetNanos(1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static List<Long> dueTimes(ArrivalSchedule schedule) {
        List<Long> times = new ArrayList<>();
        for (long j = 0; j < schedule.requestCount(); j++) {
            times.add(schedule.dueOffsetNanos(j));
        }
        return times;
    }
}
