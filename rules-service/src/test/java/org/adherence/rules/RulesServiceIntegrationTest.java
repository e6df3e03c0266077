package org.adherence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
class RulesServiceIntegrationTest {

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("adherence.rules.state-dir", () -> "target/rules-it-state-" + UUID.randomUUID());
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void servesHealthInfoAndPrometheusAndNoOtherActuatorEndpoint() {
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk().bodyJson().extractingPath("$.status")
                .isEqualTo("UP");
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
        assertThat(mvc.get().uri("/actuator/info")).hasStatusOk();
        assertThat(mvc.get().uri("/actuator/prometheus")).hasStatusOk().bodyText()
                .contains("application=\"rules-service\"");
        assertThat(mvc.get().uri("/actuator")).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/env")).hasStatus(404);
        assertThat(mvc.get().uri("/actuator/beans")).hasStatus(404);
    }

    @Test
    void overdoseAndSymptomBecomeAlertsOnTheAlertsTopic() throws Exception {
        String patient = "p-" + UUID.randomUUID();
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(1)).minusHours(2).withNano(0);
        DoseTaken dose = DoseTaken.of("dose-1", patient, "baclofen", new BigDecimal("25"), takenAt, Instant.now());
        SymptomsReported report = SymptomsReported.of("s-1", patient, List.of(Symptom.BREATHLESSNESS),
                takenAt.plusHours(1), null, Instant.now());

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, dose)).get();
            producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, dose)).get();
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
    }
}
