package org.adherence.rules.stream;

import java.time.Instant;
import java.util.Properties;

import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.RuleEngine;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/** The topology of rules-service as the binder builds it (the three topics in, the alerts out), without a broker. */
final class RulesTopologyDriver {

    private RulesTopologyDriver() {
    }

    static TopologyTestDriver start(RuleEngine engine, RulesProperties properties, RulesMetrics metrics,
            ObservationRegistry observations, Instant wallClock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(PatientHistoryStore.builder());
        KStream<String, DoseTaken> doseStream = builder.stream(Topics.DOSE_EVENTS.name(),
                Consumed.with(Serdes.String(), Topics.DOSE_EVENTS.valueSerde()));
        KStream<String, SymptomsReported> symptomStream = builder.stream(Topics.SYMPTOM_EVENTS.name(),
                Consumed.with(Serdes.String(), Topics.SYMPTOM_EVENTS.valueSerde()));
        KStream<String, PatientProfileUpdated> profileStream = builder.stream(Topics.PATIENT_PROFILES.name(),
                Consumed.with(Serdes.String(), Topics.PATIENT_PROFILES.valueSerde()));
        new RulesTopology()
                .evaluateRules(engine, properties, metrics, observations)
                .apply(doseStream).apply(symptomStream).apply(profileStream)
                .to(Topics.ALERTS.name(), Produced.with(Serdes.String(), Topics.ALERTS.valueSerde()));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(builder.build(), config, wallClock);
    }
}
