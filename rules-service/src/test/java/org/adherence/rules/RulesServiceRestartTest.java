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
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.rules.engine.AlertIds;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * rules-service stopped and started again mid-stream on a real broker, with the same application id and state
 * directory: every alert is raised once, none is lost, none is raised again (the findings held in the changelogged
 * state say what was raised before the restart).
 */
class RulesServiceRestartTest {

    private final String patient = "p-" + UUID.randomUUID();

    private final String applicationId = "rules-restart-" + UUID.randomUUID();

    private final String stateDir = "target/rules-restart-state-" + UUID.randomUUID();

    private final OffsetDateTime morning = OffsetDateTime.now(ZoneOffset.UTC).minusHours(12).withNano(0);

    @Test
    void aRestartMidStreamNeitherLosesNorRepeatsAnAlert() throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            try (ConfigurableApplicationContext first = start()) {
                send(producer, Topics.DOSE_EVENTS.name(), dose("d-1", "25", morning));
                send(producer, Topics.SYMPTOM_EVENTS.name(), SymptomsReported.of("s-1", patient,
                        List.of(Symptom.SEIZURE), morning.plusHours(1), null, Instant.now()));
                assertThat(alerts(2)).hasSize(2);
            }

            // while the service is down: the same dose again, and a new one
            send(producer, Topics.DOSE_EVENTS.name(), dose("d-1", "25", morning));
            send(producer, Topics.DOSE_EVENTS.name(), dose("d-2", "30", morning.plusHours(4)));

            try (ConfigurableApplicationContext second = start()) {
                send(producer, Topics.SYMPTOM_EVENTS.name(), SymptomsReported.of("s-1", patient,
                        List.of(Symptom.SEIZURE), morning.plusHours(1), null, Instant.now()));
                // the last event: once its alert is out, everything before it on the partition has been processed
                send(producer, Topics.DOSE_EVENTS.name(), dose("d-3", "21", morning.plusHours(8)));

                List<AlertRaised> alerts = alerts(4);

                assertThat(alerts).extracting(AlertRaised::alertId).containsExactly(
                        AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, patient, "d-1"),
                        AlertIds.of("baclofen@1", RuleId.OVERDOSE_SIGNS, patient, "s-1"),
                        AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, patient, "d-2"),
                        AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, patient, "d-3"));
            }
        }
    }

    private ConfigurableApplicationContext start() {
        // as command-line arguments, which win over application.yml (default properties would not)
        return new SpringApplicationBuilder(RulesServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
                        "--spring.cloud.stream.kafka.streams.binder.application-id=" + applicationId,
                        "--spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100",
                        "--adherence.rules.state-dir=" + stateDir);
    }

    private void send(KafkaProducer<String, Object> producer, String topic, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, patient, value)).get();
    }

    private DoseTaken dose(String eventId, String mg, OffsetDateTime takenAt) {
        return DoseTaken.of(eventId, patient, "baclofen", new BigDecimal(mg), takenAt, Instant.now());
    }

    /** The patient's alerts, committed ones only, once at least {@code expected} are there. */
    private List<AlertRaised> alerts(int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.ALERTS.name(), patient, found -> found.size() >= expected, Duration.ofSeconds(90));
        return records.stream().map(r -> ContractJson.mapper().readValue(r.value(), AlertRaised.class)).toList();
    }
}
