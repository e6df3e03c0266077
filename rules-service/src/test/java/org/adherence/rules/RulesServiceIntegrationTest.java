package org.adherence.rules;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.rules.engine.AlertIds;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binder.kafka.streams.KafkaStreamsBindingInformationCatalogue;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** rules-service against a real broker: exactly-once Kafka Streams from the event topics to the alerts topic. */
@AutoConfigureMockMvc
// the context's stream writes alerts to the shared alerts topic: it must not outlive this class and raise, beside
// another test's own rules-service, alerts about that test's patients (seen as repeated alerts by the restart test)
@DirtiesContext
@SpringBootTest(properties = {
        "spring.cloud.stream.kafka.streams.binder.application-id=rules-it",
        "spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100"})
@ExtendWith(OutputCaptureExtension.class)
class RulesServiceIntegrationTest {

    private static final String TRACEPARENT = "traceparent";

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("adherence.rules.state-dir", () -> "target/rules-it-state-" + UUID.randomUUID());
        registry.add("adherence.security.jwt.hmac-secret", () -> TestTokens.SECRET);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    KafkaStreamsBindingInformationCatalogue catalogue;

    @Test
    void servesHealthInfoAndPrometheusAndNoOtherActuatorEndpoint() {
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk().bodyJson().extractingPath("$.status")
                .isEqualTo("UP");
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
        assertThat(mvc.get().uri("/actuator/info")).hasStatusOk();
        assertThat(mvc.get().uri("/actuator/prometheus")).hasStatusOk().bodyText()
                .contains("application=\"rules-service\"");
        String token = "Bearer " + TestTokens.careTeam();
        assertThat(mvc.get().uri("/actuator").header("Authorization", token)).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/env").header("Authorization", token)).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/beans").header("Authorization", token)).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/env")).hasStatus(401);
    }

    @Test
    void overdoseAndSymptomBecomeAlertsOnTheAlertsTopicEachInTheTraceOfItsEvent(CapturedOutput output)
            throws Exception {
        String patient = "p-" + UUID.randomUUID();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(1)).minusHours(2).withNano(0);
        DoseTaken dose = DoseTaken.of("dose-1", patient, "baclofen", new BigDecimal("25"), takenAt, Instant.now());
        SymptomsReported report = SymptomsReported.of("s-1", patient, List.of(Symptom.BREATHLESSNESS),
                takenAt.plusHours(1), null, Instant.now());
        // as intake's KafkaTemplate observation writes it
        String doseTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        ProducerRecord<String, Object> tracedDose = new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, dose);
        tracedDose.headers().add(TRACEPARENT, ("00-" + doseTraceId + "-00f067aa0ba902b7-01").getBytes(UTF_8));

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            producer.send(tracedDose).get();
            producer.send(tracedDose).get();
            producer.send(new ProducerRecord<>(Topics.SYMPTOM_EVENTS.name(), patient, report)).get();
        }

        List<ConsumerRecord<String, String>> records = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.ALERTS.name(), patient, found -> found.size() >= 2, Duration.ofSeconds(60));
        List<AlertRaised> alerts = records.stream()
                .map(r -> ContractJson.mapper().readValue(r.value(), AlertRaised.class)).toList();
        assertThat(alerts).extracting(AlertRaised::rule)
                .containsExactlyInAnyOrder(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.OVERDOSE_SIGNS);
        assertThat(alerts).extracting(AlertRaised::alertId).containsExactlyInAnyOrder(
                AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, patient, "dose-1"),
                AlertIds.of("baclofen@1", RuleId.OVERDOSE_SIGNS, patient, "s-1"));
        assertThat(records).allSatisfy(r -> assertThat(r.value()).startsWith("{\"schemaVersion\":1,"));

        Map<RuleId, String> traceIds = new EnumMap<>(RuleId.class);
        for (int i = 0; i < records.size(); i++) {
            Header traceparent = records.get(i).headers().lastHeader(TRACEPARENT);
            assertThat(new String(traceparent.value(), UTF_8)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            traceIds.put(alerts.get(i).rule(), new String(traceparent.value(), UTF_8).substring(3, 35));
        }
        assertThat(traceIds.get(RuleId.SINGLE_DOSE_ABOVE_MAX)).as("the dose's trace").isEqualTo(doseTraceId);
        assertThat(traceIds.get(RuleId.OVERDOSE_SIGNS)).as("a new trace for a report sent without one")
                .isNotEqualTo(doseTraceId);
        // the support path: the log line of each alert names its trace (logging.pattern.correlation)
        for (AlertRaised alert : alerts) {
            assertThat(output.getOut().lines().filter(line -> line.contains("Raised alertId=" + alert.alertId())))
                    .singleElement().asString()
                    .contains("[rules-service," + traceIds.get(alert.rule()) + ",")
                    .endsWith("Raised alertId=" + alert.alertId() + " rule=" + alert.rule() + " severity="
                            + alert.severity() + " patientId=" + patient + " eventIds="
                            + alert.evidence().eventIds());
        }
    }

    @Test
    void exposesTheRulesAndKafkaStreamsAndItsClientsMetricsAllTaggedWithTheApplication() throws Exception {
        String patient = "p-" + UUID.randomUUID();
        DoseTaken overdose = DoseTaken.of("dose-1", patient, "baclofen", new BigDecimal("30"),
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0), Instant.now());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, overdose)).get();
        }
        TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(), patient,
                found -> !found.isEmpty(), Duration.ofSeconds(60));
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk();

        String scrape = mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();

        List<String> samples = scrape.lines().filter(line -> !line.startsWith("#")).toList();
        assertThat(samples).allSatisfy(sample -> assertThat(sample).contains("application=\"rules-service\""));
        List<String> families = List.of(
                // the rules' own: every rule at 0 or more, the latency histogram, the patients held
                "adherence_alerts_raised_total{application=\"rules-service\",rule=\"WITHDRAWAL_SIGNS\","
                        + "severity=\"CRITICAL\"}",
                "adherence_event_to_alert_seconds_bucket{application=\"rules-service\",severity=\"HIGH\",",
                "adherence_patients_tracked{application=\"rules-service\"}",
                "http_server_requests_seconds_bucket{",
                // Kafka Streams, its consumer (lag) and producer, bound by the binder
                "kafka_stream_thread_process_total{", "kafka_stream_alive_stream_threads{",
                "kafka_consumer_fetch_manager_records_lag_max{", "kafka_consumer_coordinator_rebalance_total{",
                "kafka_producer_record_send_total{", "kafka_producer_txn_commit_time_ns_total{");
        assertThat(families).allSatisfy(family -> assertThat(samples).anyMatch(s -> s.startsWith(family)));
        assertThat(value(samples, "adherence_alerts_raised_total{application=\"rules-service\","
                + "rule=\"SINGLE_DOSE_ABOVE_MAX\",severity=\"HIGH\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(value(samples, "adherence_event_to_alert_seconds_count{application=\"rules-service\","
                + "severity=\"HIGH\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(value(samples, "adherence_patients_tracked{application=\"rules-service\"}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    private static double value(List<String> samples, String series) {
        return samples.stream().filter(s -> s.startsWith(series + " ")).mapToDouble(
                s -> Double.parseDouble(s.substring(series.length() + 1))).findFirst().orElseThrow();
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        String patient = "p-" + UUID.randomUUID();
        DoseTaken overdose = DoseTaken.of("dose-after-poison", patient, "baclofen", new BigDecimal("30"),
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0), Instant.now());

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, "not a dose")).get();
            producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, overdose)).get();
        }

        assertThat(TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(), patient,
                found -> !found.isEmpty(), Duration.ofSeconds(60)))
                .singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"rule\":\"SINGLE_DOSE_ABOVE_MAX\"");
        assertThat(TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                "error." + Topics.DOSE_EVENTS.name() + ".rules-it", patient, found -> !found.isEmpty(),
                Duration.ofSeconds(30)))
                .singleElement().extracting(ConsumerRecord::value).isEqualTo("\"not a dose\"");
        // written by a producer that waits for every in-sync replica and retries: not the binder's acks=1, retries=0
        assertThat(catalogue.getDlqProducerFactories()).isNotEmpty().allSatisfy(factory -> {
            assertThat(factory.getConfigurationProperties()).containsEntry("acks", "all");
            assertThat(Integer.parseInt(factory.getConfigurationProperties().get("retries").toString()))
                    .isPositive();
        });
    }
}
