package org.adherence.loadgen.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.adherence.loadgen.workload.EventKind;
import org.adherence.loadgen.workload.PlannedRequest;
import org.junit.jupiter.api.Test;

class ClientStatsTest {

    private static final PlannedRequest DOSE = new PlannedRequest("/api/v1/patients/p-1/doses", "t", new byte[0],
            Map.of(EventKind.values()[0], 1));
    private static final long MS = 1_000_000L;

    @Test
    void onlyAcceptedAnswersGoIntoTheLatencyHistogramsTheRestApart() {
        // given two 202s (10 ms, 20 ms from send, 1 ms late), a fast 401 and a timeout at 30 s (times given, no clock)
        ClientStats stats = new ClientStats(5 * MS);
        stats.scheduleStarts(0);
        stats.sent(DOSE, 0, MS);
        stats.answered(DOSE, 0, MS, 11 * MS, "202", null);
        stats.sent(DOSE, 100 * MS, 101 * MS);
        stats.answered(DOSE, 100 * MS, 101 * MS, 121 * MS, "202", null);
        stats.sent(DOSE, 200 * MS, 200 * MS);
        stats.answered(DOSE, 200 * MS, 200 * MS, 201 * MS, "401", "{\"error\":\"invalid token\"}");
        stats.sent(DOSE, 300 * MS, 300 * MS);
        stats.answered(DOSE, 300 * MS, 300 * MS, 30_300 * MS, "HttpTimeoutException", "request timed out");

        // then from due and from send hold the two 202s only
        assertThat(stats.latencyFromDue().count()).isEqualTo(2);
        assertThat(stats.latencyFromDue().max()).isBetween(20.9, 21.1);
        assertThat(stats.latencyFromSend().count()).isEqualTo(2);
        assertThat(stats.latencyFromSend().max()).isBetween(19.9, 20.1);
        // and the 401 and the timeout are counted apart, the timeout at the timeout
        assertThat(stats.latencyNotAccepted().count()).isEqualTo(2);
        assertThat(stats.latencyNotAccepted().max()).isBetween(29_990.0, 30_100.0);
        assertThat(stats.outcomes()).containsEntry("202", 2L).containsEntry("401", 1L)
                .containsEntry("HttpTimeoutException", 1L);
        assertThat(stats.eventsAccepted().get(EventKind.values()[0])).isEqualTo(2L);
        assertThat(stats.firstAnswerByOutcome()).containsOnlyKeys("401", "HttpTimeoutException");
    }

    @Test
    void theTimedPhaseStartsAtTheSchedulesStartNotTheFirstSend() {
        ClientStats stats = new ClientStats(5 * MS);
        stats.scheduleStarts(0);
        stats.sent(DOSE, 0, 40 * MS);

        assertThat(stats.scheduleStartNanos()).isZero();
        assertThat(stats.firstSendNanos()).isEqualTo(40 * MS);
    }
}
