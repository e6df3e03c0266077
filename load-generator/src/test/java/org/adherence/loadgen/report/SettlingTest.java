package org.adherence.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.PrometheusTextParser;
import org.junit.jupiter.api.Test;

class SettlingTest {

    private static final URI RULES = URI.create("http://localhost:8081");
    private static final URI NOTIFICATION = URI.create("http://localhost:8082");

    /** Before the run: nothing raised, nothing mailed, no lag. */
    private static final Map<URI, MetricsSnapshot> BEFORE = Map.of(
            RULES, snapshot("rules-service", 0, """
                    adherence_alerts_raised_total{application="rules-service",rule="SINGLE_DOSE_ABOVE_MAX",severity="HIGH"} 0
                    adherence_alerts_raised_total{application="rules-service",rule="DOUBLE_DOSE",severity="WARNING"} 0
                    adherence_alerts_raised_total{application="rules-service",rule="SIDE_EFFECT_REPORTED",severity="INFO"} 0
                    """),
            NOTIFICATION, snapshot("notification-service", 0, """
                    adherence_notifications_total{application="notification-service",severity="HIGH",outcome="sent"} 0
                    adherence_notifications_total{application="notification-service",severity="WARNING",outcome="sent"} 0
                    adherence_notifications_total{application="notification-service",severity="WARNING",outcome="retried"} 0
                    """));

    @Test
    void settledWhenEveryOverdoseHasItsAlertAndEveryHighAndWarningAlertItsEmails() {
        // given 2 HIGH (4 emails: physician and caregiver), 3 WARNING (3 emails: physician), 5 INFO (digest later);
        // 3 HIGH sent + 1 failed for good, 2 WARNING sent + 1 undeliverable; no lag, nothing held
        Map<URI, MetricsSnapshot> after = Map.of(
                RULES, snapshot("rules-service", 1, alerts(2, 3, 5) + """
                        kafka_consumer_fetch_manager_records_lag_max{application="rules-service",client_id="c"} 0
                        """),
                NOTIFICATION, snapshot("notification-service", 1, """
                        adherence_notifications_total{application="notification-service",severity="HIGH",outcome="sent"} 3
                        adherence_notifications_total{application="notification-service",severity="HIGH",outcome="failed"} 1
                        adherence_notifications_total{application="notification-service",severity="WARNING",outcome="sent"} 2
                        adherence_notifications_total{application="notification-service",severity="WARNING",outcome="undeliverable"} 1
                        adherence_notifications_total{application="notification-service",severity="WARNING",outcome="retried"} 9
                        kafka_consumer_fetch_manager_records_lag_max{application="notification-service",client_id="n"} 0
                        adherence_notifications_held{application="notification-service"} 0
                        """));

        // when checked for 2 accepted 25 mg doses
        Settling.Check check = Settling.check(PipelineMetrics.between(BEFORE, after), after, 2);

        // then complete and drained
        assertThat(check.complete()).isTrue();
        assertThat(check.drained()).isTrue();
        assertThat(check.ready()).isTrue();
        assertThat(check.waitingFor()).isEmpty();
    }

    @Test
    void notCompleteWhileWarningEmailsAreMissingEvenIfEveryHighAlertHasItsTwo() {
        // given the old criterion met (HIGH 2 x 2 sent, every overdose alerted) but WARNING emails still retrying
        Map<URI, MetricsSnapshot> after = Map.of(
                RULES, snapshot("rules-service", 1, alerts(2, 3, 0)),
                NOTIFICATION, snapshot("notification-service", 1, """
                        adherence_notifications_total{application="notification-service",severity="HIGH",outcome="sent"} 4
                        adherence_notifications_total{application="notification-service",severity="WARNING",outcome="sent"} 1
                        adherence_notifications_total{application="notification-service",severity="WARNING",outcome="retried"} 5
                        """));

        Settling.Check check = Settling.check(PipelineMetrics.between(BEFORE, after), after, 2);

        // then not complete: 5 of 7 emails (retried is not a final outcome)
        assertThat(check.complete()).isFalse();
        assertThat(check.waitingFor()).containsExactly("emails 5 of 7 (2 x HIGH + 1 x WARNING)");
    }

    @Test
    void notCompleteWhileAnOverdoseLacksItsAlert() {
        Map<URI, MetricsSnapshot> after = Map.of(
                RULES, snapshot("rules-service", 1, alerts(1, 0, 0)),
                NOTIFICATION, snapshot("notification-service", 1, """
                        adherence_notifications_total{application="notification-service",severity="HIGH",outcome="sent"} 2
                        """));

        Settling.Check check = Settling.check(PipelineMetrics.between(BEFORE, after), after, 2);

        assertThat(check.complete()).isFalse();
        assertThat(check.waitingFor()).containsExactly("SINGLE_DOSE_ABOVE_MAX 1 of 2 25 mg doses");
    }

    @Test
    void notDrainedWhileAConsumerLagsOrAnAlertIsHeld() {
        // given every email done, but notification's consumer 3 records behind and one alert held
        Map<URI, MetricsSnapshot> lagging = Map.of(
                RULES, snapshot("rules-service", 1, alerts(0, 0, 0) + """
                        kafka_consumer_fetch_manager_records_lag_max{application="rules-service",client_id="c"} NaN
                        """),
                NOTIFICATION, snapshot("notification-service", 1, """
                        kafka_consumer_fetch_manager_records_lag_max{application="notification-service",client_id="n"} 3
                        adherence_notifications_held{application="notification-service"} 1
                        """));

        Settling.Check check = Settling.check(PipelineMetrics.between(BEFORE, lagging), lagging, 0);

        // then complete but not drained (a NaN lag, no fetch yet, is no backlog)
        assertThat(check.complete()).isTrue();
        assertThat(check.drained()).isFalse();
        assertThat(check.ready()).isFalse();
        assertThat(check.waitingFor()).containsExactly("consumer lag 3", "1 alerts held");
    }

    @Test
    void lagOfOtherServicesDoesNotHoldTheDrain() {
        Map<URI, MetricsSnapshot> after = Map.of(RULES, snapshot("dose-intake-service", 1, """
                kafka_consumer_fetch_manager_records_lag_max{application="dose-intake-service",client_id="x"} 50
                """));

        assertThat(Settling.check(PipelineMetrics.between(BEFORE, after), after, 0).drained()).isTrue();
    }

    @Test
    void quietOnlyAfterTheQuietPeriodWithoutMovementAndSettledAfterIsTheLastMovement() {
        // given polls every 2 s (explicit times, no clock): the counters move at 4 s, then stand still
        long s = 1_000_000_000L;
        Settling.Tracker tracker = new Settling.Tracker(0, new double[] {10, 5, 3});
        tracker.observe(2 * s, new double[] {10, 5, 3}, true);
        tracker.observe(4 * s, new double[] {10, 6, 3}, true);
        for (long t = 6; t <= 32; t += 2) {
            tracker.observe(t * s, new double[] {10, 6, 3}, true);
        }

        // then not quiet for 30 s at 32 s (28 s since the movement), quiet at 34 s, settled after 4 s
        assertThat(tracker.quietFor(32 * s, 30 * s)).isFalse();
        assertThat(tracker.quietFor(34 * s, 30 * s)).isTrue();
        assertThat(tracker.settledAfterSeconds()).isEqualTo(4.0);
    }

    @Test
    void aServiceThatDidNotAnswerCountsAsMovement() {
        long s = 1_000_000_000L;
        Settling.Tracker tracker = new Settling.Tracker(0, new double[] {1});
        tracker.observe(10 * s, new double[] {1}, false);

        assertThat(tracker.quietFor(30 * s, 30 * s)).isFalse();
        assertThat(tracker.settledAfterSeconds()).isEqualTo(10.0);
    }

    private static String alerts(int high, int warning, int info) {
        return """
                adherence_alerts_raised_total{application="rules-service",rule="SINGLE_DOSE_ABOVE_MAX",severity="HIGH"} %d
                adherence_alerts_raised_total{application="rules-service",rule="DOUBLE_DOSE",severity="WARNING"} %d
                adherence_alerts_raised_total{application="rules-service",rule="SIDE_EFFECT_REPORTED",severity="INFO"} %d
                """.formatted(high, warning, info);
    }

    private static MetricsSnapshot snapshot(String source, long nanos, String text) {
        return new MetricsSnapshot(source, nanos, PrometheusTextParser.parse(text));
    }
}
