package org.adherence.rules.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.adherence.support.kafka.ReplicationCheck;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The rules as a Kafka Streams topology (Spring Cloud Stream's Kafka Streams binder): the dose, symptom and
 * profile topics merged per patient, judged against the rule packs with per-patient state, alerts out; a record the
 * processor does not judge to its dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
public class RulesTopology {

    private static final Logger log = LoggerFactory.getLogger(RulesTopology.class);

    /** Bindings {@code evaluateRules-in-0..2} (doses, symptoms, profiles) and {@code evaluateRules-out-0}. */
    @Bean
    public Function<KStream<String, DoseTaken>, Function<KStream<String, SymptomsReported>,
            Function<KStream<String, PatientProfileUpdated>, KStream<String, AlertRaised>>>> evaluateRules(
            PatientJudge judge, RulesProperties properties, RulesMetrics metrics, ObservationRegistry observations,
            @Value("${spring.cloud.stream.kafka.streams.binder.application-id}") String applicationId) {
        return doses -> symptoms -> profiles -> {
            KStream<String, RulesOutput> out = doses
                    .filter((patientId, dose) -> dose != null)
                    .<PatientInput>mapValues(PatientInput.Dose::new)
                    .merge(symptoms.filter((patientId, report) -> report != null)
                            .mapValues(PatientInput.Symptoms::new))
                    // a deleted profile (tombstone) arrives as null and clears the profile
                    .merge(profiles.mapValues(PatientInput.Profile::new))
                    .process(() -> new RulesProcessor(judge, properties, metrics, observations), RulesState.NAME);
            out.filter((patientId, output) -> output instanceof RulesOutput.DeadLetter)
                    .mapValues(output -> ((RulesOutput.DeadLetter) output).value())
                    .to((patientId, value, record) -> DeadLetters.topic(record.topic(), applicationId),
                            Produced.with(Serdes.String(), Serdes.ByteArray()));
            return out.filter((patientId, output) -> output instanceof RulesOutput.Alert)
                    .mapValues(output -> ((RulesOutput.Alert) output).alert());
        };
    }

    @Bean
    RulesMetrics rulesMetrics(MeterRegistry registry) {
        return new RulesMetrics(registry);
    }

    @Bean
    PatientJudge patientJudge(RulesProperties properties) {
        RulePacks packs = RulePacks.load(properties.rulePacks());
        packs.all().forEach(pack -> log.info("Rule pack {} for {} loaded from {}", pack.id(), pack.drug(),
                properties.rulePacks()));
        return PatientJudge.of(packs, properties);
    }

    @Bean
    StoreBuilder<KeyValueStore<Bytes, byte[]>> rulesState() {
        return RulesState.builder();
    }

    @Bean
    Serde<DoseTaken> doseTakenSerde() {
        return Topics.DOSE_EVENTS.valueSerde();
    }

    @Bean
    Serde<SymptomsReported> symptomsReportedSerde() {
        return Topics.SYMPTOM_EVENTS.valueSerde();
    }

    @Bean
    Serde<PatientProfileUpdated> patientProfileSerde() {
        return Topics.PATIENT_PROFILES.valueSerde();
    }

    @Bean
    Serde<AlertRaised> alertRaisedSerde() {
        return Topics.ALERTS.valueSerde();
    }

    /**
     * All topics the topology reads and writes, with the same partition count, created before it starts; and the
     * dead-letter topics the binder and the processor send records to ({@code error.<topic>.<application-id>}).
     */
    @Bean
    KafkaAdmin.NewTopics rulesTopics(KafkaTopicProperties properties,
            @Value("${spring.cloud.stream.kafka.streams.binder.application-id}") String applicationId) {
        return new KafkaAdmin.NewTopics(topicNames(applicationId).stream()
                .map(name -> properties.declare(name, name.equals(Topics.PATIENT_PROFILES.name())))
                .toArray(NewTopic[]::new));
    }

    /**
     * The service refuses to run on any of those topics, or on the topology's own internal topics (changelogs), when
     * they are weaker than {@code adherence.kafka.*} says.
     */
    @Bean
    ReplicationCheck replicationCheck(KafkaAdmin admin, KafkaTopicProperties properties,
            @Value("${spring.cloud.stream.kafka.streams.binder.application-id}") String applicationId) {
        return new ReplicationCheck(admin.getConfigurationProperties(), properties, topicNames(applicationId),
                List.of(applicationId + "-"));
    }

    private static List<String> topicNames(String applicationId) {
        List<String> names = new ArrayList<>();
        for (Topic<?> input : List.of(Topics.DOSE_EVENTS, Topics.SYMPTOM_EVENTS, Topics.PATIENT_PROFILES)) {
            names.add(input.name());
            names.add(DeadLetters.topic(input.name(), applicationId));
        }
        names.add(Topics.ALERTS.name());
        return names;
    }
}
