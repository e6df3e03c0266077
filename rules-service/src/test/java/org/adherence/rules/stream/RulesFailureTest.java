package org.adherence.rules.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.adherence.rules.state.KeyValueStateStore;
import org.adherence.rules.state.PatientStateInspector;
import org.adherence.rules.state.StateKeys;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of failure the topology can meet on one patient's record, and another patient's alert still arriving
 * after it, without a broker: an event beyond the limits, a judgement that fails on the event or on the scan, an
 * exception that escapes to Kafka Streams, an alert that cannot be serialized. (A stream thread that dies, and a
 * client that stops, are shown on a real broker by {@code RulesStreamFailureIntegrationTest}.)
 */
class RulesFailureTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-11-24T12:00:00Z");

    private static final RulesProperties PROPERTIES = new RulesProperties("classpath*:rulepacks/*.json",
            Duration.ofMinutes(1), Duration.ofDays(35), 5000, Duration.ofMinutes(1));

    private static final String DEAD_LETTERS = "error." + Topics.DOSE_EVENTS.name() + "."
            + RulesTopologyDriver.APPLICATION_ID;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private TopologyTestDriver driver;

    private TestInputTopic<String, DoseTaken> doses;

    private TestOutputTopic<String, AlertRaised> alerts;

    private void start(JsonSerde<AlertRaised> alertSerde) {
        driver = RulesTopologyDriver.start(PatientJudge.of(RulePacks.load(PROPERTIES.rulePacks()), PROPERTIES),
                PROPERTIES, new RulesMetrics(meters), ObservationRegistry.NOOP, WALL_CLOCK, alertSerde);
        doses = driver.createInputTopic(Topics.DOSE_EVENTS.name(), Serdes.String().serializer(),
                Topics.DOSE_EVENTS.valueSerde());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                Topics.ALERTS.valueSerde());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void anEventBeyondTheLimitsGoesToItsDeadLetterTopicNothingOfItIsKeptAndTheNextPatientsAlertStillComes() {
        start(Topics.ALERTS.valueSerde());
        // given an event id of 200 characters, which intake never accepts
        DoseTaken beyond = dose("p-poison", "x".repeat(200), "25");

        doses.pipeInput("p-poison", beyond);
        doses.pipeInput("p-2", dose("p-2", "d-1", "25"));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId, AlertRaised::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-2", RuleId.SINGLE_DOSE_ABOVE_MAX));
        TestRecord<String, String> dead = deadLetters().readRecord();
        assertThat(dead.key()).isEqualTo("p-poison");
        assertThat(ContractJson.mapper().readValue(dead.value(), DoseTaken.class)).isEqualTo(beyond);
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("limits");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.DOSE_EVENTS.name());
        assertThat(header(dead, "kafka_dlt-original-offset")).isEqualTo("0");
        assertThat(PatientStateInspector.summary(state(), "p-poison")).isNull();
        assertThat(notJudged()).isEqualTo(Map.of("limits", 1.0, "oversize", 0.0, "failed", 0.0, "unhandled", 0.0,
                "scan", 0.0));
    }

    @Test
    void aJudgementThatFailsDeadLettersTheEventKeepsNothingOfItAndTheNextPatientsAlertStillComes() {
        start(Topics.ALERTS.valueSerde());
        // given a patient whose state cannot be read (a bug): every judgement of it fails
        store().put(StateKeys.summary("p-poison"), "garbage".getBytes(StandardCharsets.UTF_8));

        doses.pipeInput("p-poison", dose("p-poison", "d-1", "25"));
        doses.pipeInput("p-2", dose("p-2", "d-2", "25"));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId).containsExactly("p-2");
        TestRecord<String, String> dead = deadLetters().readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("failed");
        assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(store().get(StateKeys.eventId("p-poison", "d-1"))).as("nothing of the event kept").isNull();
        assertThat(notJudged()).containsEntry("failed", 1.0);
    }

    @Test
    void aScanThatFailsOnOnePatientBacksOffAndTheOtherPatientsStopIsStillFound() {
        start(Topics.ALERTS.valueSerde());
        // given p-2 in daily use up to 2026-11-23 08:00Z, then silent; and p-poison, due now, unreadable
        for (int day = 0; day < 4; day++) {
            doses.pipeInput("p-2", dose("p-2", "d-" + day, "10",
                    OffsetDateTime.parse("2026-11-20T08:00:00Z").plusDays(day)));
        }
        store().put(StateKeys.summary("p-poison"), "garbage".getBytes(StandardCharsets.UTF_8));
        store().put(StateKeys.due(WALL_CLOCK, "p-poison"), new byte[0]);

        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId, AlertRaised::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-2", RuleId.ABRUPT_DISCONTINUATION));
        assertThat(notJudged()).containsEntry("scan", 1.0);
        assertThat(store().get(StateKeys.due(WALL_CLOCK, "p-poison"))).as("moved by the back-off").isNull();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(notJudged()).as("not tried again at the next scan").containsEntry("scan", 1.0);
    }

    @Test
    void anAlertThatCannotBeSerializedIsPassedOverCountedAndTheNextAlertStillComes() {
        start(new JsonSerde<>(AlertRaised.class) {
            @Override
            public byte[] serialize(String topic, AlertRaised alert) {
                if (alert.patientId().equals("p-poison")) {
                    throw new SerializationException("a bug");
                }
                return super.serialize(topic, alert);
            }
        });

        doses.pipeInput("p-poison", dose("p-poison", "d-1", "25"));
        doses.pipeInput("p-2", dose("p-2", "d-2", "25"));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId).containsExactly("p-2");
        assertThat(meters.get("adherence.rules.records.not.sent").tag("reason", "serialization").counter().count())
                .isEqualTo(1.0);
    }

    /**
     * The processing exception handler as Kafka Streams calls it from the configuration: an exception that escapes
     * a processor (here a mapping that fails on one patient's record) passes that record over, counted, and the
     * records after it are processed.
     */
    @Test
    void anExceptionThatEscapesToKafkaStreamsPassesOverTheRecordCountedAndTheStreamGoesOn() {
        RulesMetrics metrics = new RulesMetrics(meters);
        StreamFailures.register("escape-test", metrics);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues((patientId, value) -> {
                    if (patientId.equals("p-poison")) {
                        throw new IllegalStateException("a bug");
                    }
                    return value;
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "escape-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RulesProcessingExceptionHandler.class);
        driver = new TopologyTestDriver(builder.build(), config);
        TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(),
                Serdes.String().serializer());

        in.pipeInput("p-poison", "first");
        in.pipeInput("p-2", "second");

        assertThat(driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer())
                .readKeyValuesToMap()).isEqualTo(Map.of("p-2", "second"));
        assertThat(notJudged()).containsEntry("unhandled", 1.0);
        assertThat(driver.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("dropped-records-total"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum()).isEqualTo(1.0);
    }

    private TestOutputTopic<String, String> deadLetters() {
        return driver.createOutputTopic(DEAD_LETTERS, Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    private KeyValueStore<Bytes, byte[]> store() {
        return driver.getKeyValueStore(RulesState.NAME);
    }

    private KeyValueStateStore state() {
        return new KeyValueStateStore(store());
    }

    private Map<String, Double> notJudged() {
        Map<String, Double> counts = new java.util.TreeMap<>();
        meters.get("adherence.rules.records.not.judged").counters().forEach(c -> counts.put(c.getId().getTag("reason"),
                c.count()));
        return counts;
    }

    private static String header(TestRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static DoseTaken dose(String patientId, String eventId, String mg) {
        return dose(patientId, eventId, mg, WALL_CLOCK.atOffset(ZoneOffset.UTC).minusHours(1));
    }

    private static DoseTaken dose(String patientId, String eventId, String mg, OffsetDateTime takenAt) {
        return DoseTaken.of(eventId, patientId, "baclofen", new BigDecimal(mg), takenAt, WALL_CLOCK);
    }
}
