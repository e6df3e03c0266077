package org.adherence.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.PrometheusTextParser;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private static final URI INTAKE = URI.create("http://localhost:8080");
    private static final URI NOTIFICATION = URI.create("http://localhost:8082");

    @Test
    void alertToEmailOfAllLeavesInfoDigestsOutAndReportsThemApart() {
        // given 10 WARNING emails within 0.5 s and 10 INFO digests hours later
        Map<URI, MetricsSnapshot> before = Map.of(NOTIFICATION, snapshot("notification-service", 0, delivery(0, 0)));
        Map<URI, MetricsSnapshot> after = Map.of(NOTIFICATION, snapshot("notification-service", 1, delivery(10, 10)));

        // when the pipeline is read
        PipelineMetrics metrics = PipelineMetrics.between(before, after);
        LoadReport.Pipeline pipeline = metrics.pipeline(metrics);

        // then "all" holds only the WARNINGs (p99 in (0, 0.5 s]), INFO its own row with the digests
        assertThat(pipeline.alertToEmail().count()).isEqualTo(10);
        assertThat(pipeline.alertToEmail().p99()).isCloseTo(495, within(1e-9));
        assertThat(pipeline.alertToEmail().p99AtLeast()).isFalse();
        assertThat(pipeline.alertToEmailInfo().count()).isEqualTo(10);
        // and the INFO ranks fall in +Inf: a lower bound, flagged
        assertThat(pipeline.alertToEmailInfo().p50()).isEqualTo(60_000);
        assertThat(pipeline.alertToEmailInfo().p50AtLeast()).isTrue();
    }

    @Test
    void intakeLatencyCountsOnlyAcceptedPostsAndDurableAcks() {
        Map<URI, MetricsSnapshot> before = Map.of(INTAKE, snapshot("dose-intake-service", 0, intake(0, 0)));
        Map<URI, MetricsSnapshot> after = Map.of(INTAKE, snapshot("dose-intake-service", 1, intake(8, 3)));

        PipelineMetrics metrics = PipelineMetrics.between(before, after);
        LoadReport.Pipeline pipeline = metrics.pipeline(metrics);

        assertThat(pipeline.intakeHttpPost().count()).isEqualTo(8);
        assertThat(pipeline.requestToKafkaAck().count()).isEqualTo(8);
    }

    @Test
    void aRestartedServiceCountsFromZeroAndItsCpuIsItsWholeCpuTime() {
        // given intake restarted between the scrapes: its start time changed and its counters grew past the old ones
        MetricsSnapshot b = snapshot("dose-intake-service", 0, """
                process_start_time_seconds{application="dose-intake-service"} 1000
                process_cpu_time_ns_total{application="dose-intake-service"} 5.0E9
                adherence_events_received_total{application="dose-intake-service",outcome="accepted",type="dose",reason="none"} 100
                """);
        MetricsSnapshot a = snapshot("dose-intake-service", 10_000_000_000L, """
                process_start_time_seconds{application="dose-intake-service"} 2000
                process_cpu_time_ns_total{application="dose-intake-service"} 7.0E9
                adherence_events_received_total{application="dose-intake-service",outcome="accepted",type="dose",reason="none"} 130
                """);

        PipelineMetrics metrics = PipelineMetrics.between(Map.of(INTAKE, b), Map.of(INTAKE, a));
        List<LoadReport.Service> services = PipelineMetrics.services(List.of(INTAKE), Map.of(INTAKE, b),
                Map.of(INTAKE, a), Map.of(INTAKE, a), 1000);

        // then 130 accepted since the restart, not 30; 7 CPU s, not 2
        assertThat(metrics.eventsAccepted()).isEqualTo(130);
        assertThat(metrics.restartedServices()).containsExactly("dose-intake-service");
        assertThat(services.get(0).restarted()).isTrue();
        assertThat(services.get(0).cpuSeconds()).isCloseTo(7.0, within(1e-9));
        assertThat(services.get(0).cpuSecondsPer1000Events()).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void cpuCoresAreOverTheLoadWindowNotTheSettling() {
        MetricsSnapshot b = snapshot("rules-service", 0, "process_cpu_time_ns_total 1.0E9\n");
        MetricsSnapshot l = snapshot("rules-service", 10_000_000_000L, "process_cpu_time_ns_total 6.0E9\n");
        MetricsSnapshot a = snapshot("rules-service", 60_000_000_000L, "process_cpu_time_ns_total 7.0E9\n");
        URI url = URI.create("http://localhost:8081");

        LoadReport.Service service = PipelineMetrics.services(List.of(url), Map.of(url, b), Map.of(url, l),
                Map.of(url, a), 500).get(0);

        assertThat(service.cpuSeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(service.cpuCores()).isCloseTo(0.5, within(1e-9));
        assertThat(service.cpuSecondsPer1000Events()).isCloseTo(10.0, within(1e-9));
        assertThat(service.cpuSecondsWindow()).isCloseTo(6.0, within(1e-9));
        assertThat(service.restarted()).isFalse();
    }

    private static String delivery(int warning, int info) {
        return """
                adherence_notification_delivery_seconds_bucket{severity="WARNING",le="0.5"} %1$d
                adherence_notification_delivery_seconds_bucket{severity="WARNING",le="60.0"} %1$d
                adherence_notification_delivery_seconds_bucket{severity="WARNING",le="+Inf"} %1$d
                adherence_notification_delivery_seconds_bucket{severity="INFO",le="0.5"} 0
                adherence_notification_delivery_seconds_bucket{severity="INFO",le="60.0"} 0
                adherence_notification_delivery_seconds_bucket{severity="INFO",le="+Inf"} %2$d
                """.formatted(warning, info);
    }

    private static String intake(int accepted, int refused) {
        return """
                http_server_requests_seconds_bucket{application="dose-intake-service",method="POST",status="202",uri="/api/v1/patients/{patientId}/doses",le="0.01"} %1$d
                http_server_requests_seconds_bucket{application="dose-intake-service",method="POST",status="202",uri="/api/v1/patients/{patientId}/doses",le="+Inf"} %1$d
                http_server_requests_seconds_bucket{application="dose-intake-service",method="POST",status="401",uri="/api/v1/patients/{patientId}/doses",le="0.01"} %2$d
                http_server_requests_seconds_bucket{application="dose-intake-service",method="POST",status="401",uri="/api/v1/patients/{patientId}/doses",le="+Inf"} %2$d
                adherence_intake_publish_seconds_bucket{application="dose-intake-service",type="dose",outcome="durable",le="0.01"} %1$d
                adherence_intake_publish_seconds_bucket{application="dose-intake-service",type="dose",outcome="durable",le="+Inf"} %1$d
                adherence_intake_publish_seconds_bucket{application="dose-intake-service",type="dose",outcome="not_durable",le="0.01"} %2$d
                adherence_intake_publish_seconds_bucket{application="dose-intake-service",type="dose",outcome="not_durable",le="+Inf"} %2$d
                """.formatted(accepted, refused);
    }

    private static MetricsSnapshot snapshot(String source, long nanos, String text) {
        return new MetricsSnapshot(source, nanos, PrometheusTextParser.parse(text));
    }
}
