package org.adherence.rules;

import static org.adherence.rules.StreamFailureIntegration.dose;
import static org.adherence.rules.StreamFailureIntegration.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.dosing.SingleDoseAboveMaxRule;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.judging.JudgingListener;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.adherence.testsupport.KafkaTestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A Kafka Streams client that stops anyway (a stream thread dies again and again, past its budget of replacements,
 * here none) makes readiness DOWN and its gauge 0, which {@code AdherenceRulesEngineNotRunning} alerts on.
 */
@AutoConfigureMockMvc
@DirtiesContext
@SpringBootTest(properties = {
        "spring.cloud.stream.kafka.streams.binder.application-id=rules-stop",
        "spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100",
        "adherence.rules.max-thread-replacements=0"})
class RulesClientStopIntegrationTest {

    static final String POISON = "p-poison-" + UUID.randomUUID();

    @TestConfiguration
    static class AlwaysDiesOnOnePatient {

        @Bean
        @Primary
        PatientJudge dyingJudge(RulesProperties properties) {
            Rule dies = new Rule() {
                @Override
                public List<Finding> evaluate(RuleContext context) {
                    if (context.patientId().equals(POISON)) {
                        throw new RulesThreadReplacementIntegrationTest.ThreadKiller();
                    }
                    return List.of();
                }
            };
            RulePacks packs = RulePacks.load(properties.rulePacks());
            return new PatientJudge(new RuleEngine(packs, List.of(dies, new SingleDoseAboveMaxRule())), packs,
                    properties.historyRetention(), properties.maxEventsPerPatient(),
                    properties.maxStateBytesPerPatient().toBytes(), JudgingListener.NONE);
        }
    }

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("adherence.rules.state-dir", () -> "target/rules-stop-state-" + UUID.randomUUID());
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aClientThatStopsMakesReadinessDownAndItsGaugeZero() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(meters.get("adherence.rules.stream.running").gauge().value()).isEqualTo(1.0));
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();

        try (KafkaProducer<String, Object> producer = StreamFailureIntegration.producer()) {
            send(producer, Topics.DOSE_EVENTS.name(), POISON, dose(POISON, "25"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(meters.get("adherence.rules.stream.running").gauge().value()).isEqualTo(0.0));
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatus(503);
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
    }
}
