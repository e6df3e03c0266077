package org.adherence.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.adherence.contracts.codes.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The notification series as Prometheus sees them before the first alert, and the delivery time's edge. */
class NotificationMetricsTest {

    private static final List<String> SEVERITIES = List.of("INFO", "WARNING", "HIGH", "CRITICAL");

    @Test
    void showsEveryOutcomeOfEverySeverityAndEveryDeliveryTimeAtZeroBeforeTheFirstAlert() {
        // given a registry as Prometheus scrapes it
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        // when the service's metrics are set up, and nothing has been mailed yet
        new NotificationMetrics(prometheus);

        // then a dashboard finds every series, at 0
        List<String> scrape = prometheus.scrape().lines().toList();
        List<String> notifications = new ArrayList<>();
        for (String outcome : List.of("sent", "retried", "failed", "deduplicated", "undeliverable")) {
            SEVERITIES.forEach(severity -> notifications.add(
                    "adherence_notifications_total{outcome=\"" + outcome + "\",severity=\"" + severity + "\"} 0.0"));
        }
        assertThat(scrape).filteredOn(line -> line.startsWith("adherence_notifications_total{"))
                .containsExactlyInAnyOrderElementsOf(notifications);
        assertThat(scrape).filteredOn(line -> line.startsWith("adherence_notification_delivery_seconds_count{"))
                .containsExactlyInAnyOrderElementsOf(SEVERITIES.stream().map(severity ->
                        "adherence_notification_delivery_seconds_count{severity=\"" + severity + "\"} 0").toList());
        // and the delivery time has buckets for percentiles, up to the day and a half a digest may wait
        assertThat(scrape).contains(
                "adherence_notification_delivery_seconds_bucket{severity=\"CRITICAL\",le=\"+Inf\"} 0",
                "adherence_notification_delivery_seconds_bucket{severity=\"INFO\",le=\"172800.0\"} 0",
                "adherence_notification_delivery_seconds_bucket{severity=\"INFO\",le=\"+Inf\"} 0");
    }

    @Test
    void countsAnEmailAcceptedBeforeItsAlertWasRaisedByAClockAheadOfOursAsImmediate() {
        // given rules-service's clock 2 s ahead of this one
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        NotificationMetrics metrics = new NotificationMetrics(meters);

        // when the first email of its HIGH alert is accepted "2 s before" the alert was raised
        metrics.firstEmailAccepted(Severity.HIGH, Duration.ofSeconds(-2));

        // then it is counted, as taking no time, rather than dropped
        Timer high = meters.get(NotificationMetrics.DELIVERY).tag("severity", "HIGH").timer();
        assertThat(high.count()).isEqualTo(1);
        assertThat(high.totalTime(TimeUnit.SECONDS)).isZero();
    }
}
