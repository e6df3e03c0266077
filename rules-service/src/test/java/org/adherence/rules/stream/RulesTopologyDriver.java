package org.adherence.rules.stream;

import java.time.Instant;
import java.util.Properties;

import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.judging.JudgingListener;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.apache.kafka.common.serialization.Serde;
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

    static final String APPLICATION_ID = "rules-topology-test";

    static TopologyTestDriver start(RuleEngine engine, RulesProperties properties, RulesMetrics metrics,
            ObservationRegistry observations, Instant wallClock) {
        RulePacks packs = RulePacks.load(properties.rulePacks());
        return start(new PatientJudge(engine, packs, properties.historyRetention(), properties.maxEventsPerPatient(),
                properties.maxStateBytesPerPatient().toBytes(), JudgingListener.NONE), properties, metrics,
                observations, wallClock);
    }

    static TopologyTestDriver start(PatientJudge judge, RulesProperties properties, RulesMetrics metrics,
            ObservationRegistry observations, Instant wallClock) {
        return start(judge, properties, metrics, observations, wallClock, Topics.ALERTS.valueSerde());
    }

    /** With the serde the alerts are written with (a test's, failing on one alert). */
    static TopologyTestDriver start(PatientJudge judge, RulesProperties properties, RulesMetrics metrics,
            ObservationRegistry observations, Instant wallClock, Serde<AlertRaised> alertSerde) {
        StreamFailures.register(APPLICATION_ID, metrics);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(RulesState.builder());
        KStream<String, DoseTaken> doseStream = builder.stream(Topics.DOSE_EVENTS.name(),
                Consumed.with(Serdes.String(), Topics.DOSE_EVENTS.valueSerde()));
        KStream<String, SymptomsReported> symptomStream = builder.stream(Topics.SYMPTOM_EVENTS.name(),
                Consumed.with(Serdes.String(), Topics.SYMPTOM_EVENTS.valueSerde()));
        KStream<String, PatientProfileUpdated> profileStream = builder.stream(Topics.PATIENT_PROFILES.name(),
                Consumed.with(Serdes.String(), Topics.PATIENT_PROFILES.valueSerde()));
        new RulesTopology()
                .evaluateRules(judge, properties, metrics, observations, APPLICATION_ID)
                .apply(doseStream).apply(symptomStream).apply(profileStream)
                .to(Topics.ALERTS.name(), Produced.with(Serdes.String(), alertSerde));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // as application.yml names them
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RulesProcessingExceptionHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RulesProductionExceptionHandler.class);
        return new TopologyTestDriver(builder.build(), config, wallClock);
    }
}
