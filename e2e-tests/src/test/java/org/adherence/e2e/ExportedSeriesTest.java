package org.adherence.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The label check of ObservabilityE2ETest on a made-up scrape: the realistic mistakes it is there to catch. */
class ExportedSeriesTest {

    private static final String SCRAPE = """
            # HELP adherence_notifications_total Emails
            # TYPE adherence_notifications_total counter
            adherence_notifications_total{application="notification-service",outcome="failed",severity="HIGH"} 0.0
            adherence_notifications_total{application="notification-service",outcome="sent",severity="CRITICAL"} 2.0
            adherence_notification_delivery_seconds_bucket{application="notification-service",severity="HIGH",le="1.0"} 1
            kafka_consumer_fetch_manager_records_lag_max{application="notification-service",client_id="c-1",spring_id="f"} 0.0
            adherence_events_received_total{application="dose-intake-service",outcome="rejected",reason="invalid",type="dose"} 1.0
            http_server_requests_seconds_count{application="dose-intake-service",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/patients/{patientId}/doses"} 3
            http_server_requests_seconds_count{application="dose-intake-service",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/actuator/prometheus"} 1 1700000000000
            jvm_info{application="rules-service",message="a \\"quoted\\" } brace, and \\\\ a backslash"} 1
            process_uptime_seconds{application="rules-service"} 12.5
            """;

    private static final ExportedSeries EXPORTED = ExportedSeries.of(List.of(SCRAPE));

    private static List<String> problems(String expression) {
        return EXPORTED.problems(new OpsFiles.Query("test.json panel 'P'", expression));
    }

    @Test
    void readsTheSamplesOfTheTextFormatWithBracesQuotesAndEscapesInValues() {
        assertThat(EXPORTED.metricNames()).containsExactly("adherence_notifications_total",
                "adherence_notification_delivery_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max",
                "adherence_events_received_total", "http_server_requests_seconds_count", "jvm_info",
                "process_uptime_seconds");
        assertThat(EXPORTED.seriesOf("http_server_requests_seconds_count").get(0))
                .containsEntry("uri", "/api/v1/patients/{patientId}/doses").containsEntry("status", "202");
        assertThat(EXPORTED.seriesOf("jvm_info").get(0))
                .containsEntry("message", "a \"quoted\" } brace, and \\ a backslash");
        assertThat(EXPORTED.seriesOf("process_uptime_seconds")).containsExactly(Map.of("application", "rules-service"));
        assertThatThrownBy(() -> ExportedSeries.of(List.of("x{a=\"b} 1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passesQueriesWhoseMatchersSelectExportedSeries() {
        assertThat(problems("sum by (application) (increase(adherence_notifications_total{"
                + "application=\"notification-service\",outcome=\"failed\"}[15m])) > 0")).isEmpty();
        assertThat(problems("histogram_quantile(0.95, sum by (le) (rate(adherence_notification_delivery_seconds_bucket{"
                + "severity=~\"CRITICAL|HIGH\"}[15m])))")).isEmpty();
        assertThat(problems("max by (client_id) (kafka_consumer_fetch_manager_records_lag_max{client_id=~\"c-.*\"})"))
                .isEmpty();
    }

    @Test
    void findsAMisspeltValue() {
        assertThat(problems("sum(increase(adherence_notifications_total{outcome=\"faild\"}[15m]))"))
                .singleElement().asString()
                .contains("test.json panel 'P'", "outcome=\"faild\"", "[failed, sent]");
    }

    @Test
    void findsAValueInTheWrongCase() {
        assertThat(problems("rate(adherence_notification_delivery_seconds_bucket{severity=\"critical\"}[5m])"))
                .singleElement().asString().contains("severity=\"critical\"", "[HIGH]");
    }

    @Test
    void findsARegexThatMatchesOnlyUnanchored() {
        assertThat(problems("rate(adherence_notification_delivery_seconds_bucket{severity=~\"HIG\"}[5m])"))
                .singleElement().asString().contains("severity=~\"HIG\"");
    }

    @Test
    void findsAMisspeltLabelName() {
        assertThat(problems("max by (clientid) (kafka_consumer_fetch_manager_records_lag_max{clientid=\"c-1\"})"))
                .singleElement().asString()
                .contains("no series has the label clientid", "client_id", "spring_id");
    }

    @Test
    void findsMatchersThatHoldOnlyOnDifferentSeries() {
        assertThat(problems("adherence_notifications_total{outcome=\"failed\",severity=\"CRITICAL\"}"))
                .singleElement().asString().contains("no single series");
    }

    @Test
    void looksOnlyForTheLabelOfAValueThatOnlyAFailureMakes() {
        assertThat(problems("increase(adherence_events_received_total{type!=\"other\",outcome=\"rejected\","
                + "reason=\"not_durable\"}[5m])")).isEmpty();
        assertThat(problems("rate(http_server_requests_seconds_count{uri!~\"/actuator.*\",status=~\"5..\"}[5m])"))
                .isEmpty();
        // a misspelling of the value is no longer the value that only a failure makes
        assertThat(problems("increase(adherence_events_received_total{reason=\"not_durabel\"}[5m])"))
                .singleElement().asString().contains("reason=\"not_durabel\"", "[invalid]");
        // nor is another label
        assertThat(problems("increase(adherence_events_received_total{outcome=\"rejectd\",reason=\"not_durable\"}[5m])"))
                .singleElement().asString().contains("outcome=\"rejectd\"");
    }

    @Test
    void leavesOutPrometheusOwnSeriesAndLabelsNegativeMatchersAndVariables() {
        assertThat(problems("up{job=\"rules-service\"} == 1 unless on (instance) "
                + "process_uptime_seconds{application=\"rules-service\",instance=\"rules-service:8081\","
                + "job=\"rules-service\"}")).isEmpty();
        assertThat(problems("adherence_notifications_total{outcome!=\"nonsense\",severity!~\"NOPE\"}")).isEmpty();
        assertThat(problems("adherence_notifications_total{application=~\"$application\"}")).isEmpty();
    }
}
