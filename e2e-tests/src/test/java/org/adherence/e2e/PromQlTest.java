package org.adherence.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlTest {

    @Test
    void findsTheBucketSeriesInsideAQuantileOfARate() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (application, le) "
                + "(rate(http_server_requests_seconds_bucket{application=~\"$application\",uri!~\"/actuator.*\"}"
                + "[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void ignoresTheStringsAndLabelsOfLabelReplace() {
        assertThat(PromQl.metricNames("sum by (application, alert_severity) (label_replace(increase("
                + "adherence_notifications_total{outcome=\"failed\"}[15m]), \"alert_severity\", \"$1\", \"severity\", "
                + "\"(.*)\")) > 0"))
                .containsExactly("adherence_notifications_total");
    }

    @Test
    void findsBothSidesOfBinaryOperationsAndIgnoresMatchingLists() {
        assertThat(PromQl.metricNames("sum(increase(adherence_events_received_total{outcome=\"accepted\"}[1h])) == 0\n"
                + "  and on ()\n  min(process_uptime_seconds{application=\"dose-intake-service\"}) > 3600"))
                .containsExactly("adherence_events_received_total", "process_uptime_seconds");
        assertThat(PromQl.metricNames("a / ignoring(code) group_left(instance) b or on(x) c unless d"))
                .containsExactly("a", "b", "c", "d");
        assertThat(PromQl.metricNames("(sum by (application) (rate(x{status=~\"5..\"}[5m])) or 0 * sum by "
                + "(application) (rate(x[5m]))) / sum without (uri) (rate(x[5m]))"))
                .containsExactly("x");
    }

    @Test
    void ignoresKeywordsNumbersDurationsOffsetsAndSubqueries() {
        assertThat(PromQl.metricNames("max_over_time(deriv(lag[15m:1m])[1h:]) offset 5m > bool 1e3 + Inf - NaN"))
                .containsExactly("lag");
        assertThat(PromQl.metricNames("rate(x[1h30m] @ end()) * 0x1f + .5"))
                .containsExactly("x");
    }

    @Test
    void readsAbsentAndGrafanaVariables() {
        assertThat(PromQl.metricNames("absent(adherence_events_received_total{application=\"dose-intake-service\","
                + "outcome=\"accepted\"})"))
                .containsExactly("adherence_events_received_total");
        assertThat(PromQl.metricNames("sum(increase(x{application=~\"${application:regex}\"}[$__range])) * $factor"))
                .containsExactly("x");
    }

    @Test
    void takesANameFromTheNameLabelButNotFromARegexOnIt() {
        assertThat(PromQl.metricNames("{__name__=\"jvm_info\", application=\"rules-service\"}"))
                .containsExactly("jvm_info");
        assertThat(PromQl.metricNames("{__name__=~\"jvm_.*\"}")).isEmpty();
    }

    @Test
    void readsGrafanasTemplateQueries() {
        assertThat(PromQl.metricNames("label_values(jvm_info, application)")).containsExactly("jvm_info");
        assertThat(PromQl.metricNames("label_values(jvm_info{application=~\"rules.*\"}, client_id)"))
                .containsExactly("jvm_info");
        assertThat(PromQl.metricNames("label_values(application)")).isEmpty();
        assertThat(PromQl.metricNames("query_result(topk(5, sum by (rule) (adherence_alerts_raised_total)))"))
                .containsExactly("adherence_alerts_raised_total");
    }

    @Test
    void refusesUnbalancedExpressions() {
        assertThatThrownBy(() -> PromQl.metricNames("rate(x[5m)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.metricNames("x{a=\"b}")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PromQl.LabelMatcher m(String label, String op, String value) {
        return new PromQl.LabelMatcher(label, op, value);
    }

    @Test
    void givesEachSelectorWithItsMatchersAndOperators() {
        assertThat(PromQl.selectors("sum by (application, status) (rate(http_server_requests_seconds_count{"
                + "application=\"rules-service\", uri!~\"/actuator.*\",status=~\"5..\", outcome!=\"SUCCESS\"}[5m]))"
                + " / on (application) group_left (le) jvm_info"))
                .containsExactly(
                        new PromQl.Selector("http_server_requests_seconds_count", List.of(
                                m("application", "=", "rules-service"), m("uri", "!~", "/actuator.*"),
                                m("status", "=~", "5.."), m("outcome", "!=", "SUCCESS"))),
                        new PromQl.Selector("jvm_info", List.of()));
    }

    @Test
    void readsQuotedValuesWithCommasBracesAndEscapedQuotes() {
        assertThat(PromQl.selectors("http_server_requests_seconds_count{uri=\"/api/v1/patients/{patientId}/doses\","
                + "exception=\"a, b\",message=\"said \\\"no\\\" \\\\ then\",single='it\\'s',raw=`a\\b`}"))
                .containsExactly(new PromQl.Selector("http_server_requests_seconds_count", List.of(
                        m("uri", "=", "/api/v1/patients/{patientId}/doses"), m("exception", "=", "a, b"),
                        m("message", "=", "said \"no\" \\ then"), m("single", "=", "it's"),
                        m("raw", "=", "a\\b"))));
    }

    @Test
    void keepsRegexesAsWrittenAndMatchesThemAnchoredAsPrometheusDoes() {
        PromQl.LabelMatcher severity = PromQl.selectors("rate(x_bucket{severity=~\"CRITICAL|HIGH\",le=~\"\\\\d+\"}[15m])")
                .get(0).matchers().get(0);
        assertThat(severity).isEqualTo(m("severity", "=~", "CRITICAL|HIGH"));
        assertThat(severity.matches("HIGH")).isTrue();
        assertThat(severity.matches("CRITICAL_X")).as("anchored at the end").isFalse();
        assertThat(severity.matches("VERY HIGH")).as("anchored at the start").isFalse();
        assertThat(PromQl.selectors("x{le=~\"\\\\d+\"}").get(0).matchers()).containsExactly(m("le", "=~", "\\d+"));
        assertThat(m("status", "=~", "5..").matches("503")).isTrue();
        assertThat(m("status", "=~", "5..").matches("5031")).isFalse();
        assertThat(m("reason", "=", "").matches(null)).as("a missing label reads as empty").isTrue();
        assertThat(m("reason", "!~", "not_.*").matches("not_durable")).isFalse();
    }

    @Test
    void takesTheMetricOfANameMatcherAndLeavesTheNameOutOfTheMatchers() {
        assertThat(PromQl.selectors("{__name__=\"jvm_info\", application=\"rules-service\"}"))
                .containsExactly(new PromQl.Selector("jvm_info", List.of(m("application", "=", "rules-service"))));
        assertThat(PromQl.selectors("{__name__=~\"jvm_.*\", application=\"rules-service\"}")).isEmpty();
        assertThat(PromQl.selectors("{\"jvm_info\", application=\"rules-service\"}"))
                .containsExactly(new PromQl.Selector("jvm_info", List.of(m("application", "=", "rules-service"))));
    }

    @Test
    void takesNoGroupingOrMatchingListForMatchersAndNoFunctionStringsEither() {
        assertThat(PromQl.selectors("sum by (application, alert_severity) (label_replace(increase("
                + "adherence_notifications_total{outcome=\"failed\"}[15m]), \"alert_severity\", \"$1\", \"severity\", "
                + "\"(.*)\")) > 0 and on (application) max without (instance) (up{job=\"x\"} == 1 unless on (instance) y)"))
                .containsExactly(
                        new PromQl.Selector("adherence_notifications_total", List.of(m("outcome", "=", "failed"))),
                        new PromQl.Selector("up", List.of(m("job", "=", "x"))),
                        new PromQl.Selector("y", List.of()));
    }

    @Test
    void leavesOutGrafanasVariablesAndMatchersOnThem() {
        assertThat(PromQl.selectors("sum by (application) (rate(x{application=~\"$application\",area=\"heap\","
                + "id=~\"${id:regex}\",pool=\"[[pool]]\",uri=~\"/api.*$\",zone=$zone}[$__rate_interval])) * $factor"))
                .containsExactly(new PromQl.Selector("x", List.of(m("area", "=", "heap"), m("uri", "=~", "/api.*$"))));
        assertThat(PromQl.selectors("label_values(jvm_info{application=~\"rules.*\"}, client_id)"))
                .containsExactly(new PromQl.Selector("jvm_info", List.of(m("application", "=~", "rules.*"))));
    }

    @Test
    void refusesWhatIsNoLabelMatcher() {
        assertThatThrownBy(() -> PromQl.selectors("x{a==\"b\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.selectors("x{a}")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every query of the dashboards and rules under ops/ names at least one series, and only plausible names. */
    @Test
    void findsTheSeriesOfEveryDashboardAndRuleQuery() {
        Path root = OpsFiles.repoRoot();
        List<OpsFiles.Query> queries = new ArrayList<>(OpsFiles.dashboardQueries(root));
        queries.addAll(OpsFiles.ruleQueries(root));
        assertThat(queries).hasSizeGreaterThan(40);
        Set<String> all = new TreeSet<>();
        for (OpsFiles.Query query : queries) {
            Set<String> names = PromQl.metricNames(query.expression());
            assertThat(names).as(query.where() + ": " + query.expression()).isNotEmpty()
                    .allMatch(name -> name.matches("[a-z][a-z0-9_]*"), "a lower-case Prometheus metric name");
            all.addAll(names);
        }
        assertThat(all)
                .contains("adherence_events_received_total", "adherence_intake_publish_seconds_bucket",
                        "adherence_alerts_raised_total", "adherence_patients_tracked",
                        "adherence_event_to_alert_seconds_bucket", "adherence_notifications_total",
                        "adherence_notification_delivery_seconds_bucket", "adherence_critical_alerts_unacknowledged",
                        "adherence_notifications_held", "adherence_notifications_digest_queued",
                        "http_server_requests_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max",
                        "kafka_stream_client_state", "up")
                .doesNotContain("by", "le", "application", "rate", "sum", "histogram_quantile", "label_replace",
                        "on", "and", "bool", "offset");
    }
}
