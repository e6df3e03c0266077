package org.adherence.rules;

import static org.adherence.rules.StreamFailureIntegration.alerts;
import static org.adherence.rules.StreamFailureIntegration.dose;
import static org.adherence.rules.StreamFailureIntegration.onThePartitionOf;
import static org.adherence.rules.StreamFailureIntegration.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
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
 * A stream thread that dies (an error the judging does not catch, once, on one patient's dose) is replaced on a
 * real broker: the new thread takes the record up again from the last commit, and both that patient's alert and
 * another patient's, on the same partition, arrive; the service stays ready.
 */
@AutoConfigureMockMvc
@DirtiesContext
@SpringBootTest(properties = {
        "spring.cloud.stream.kafka.streams.binder.application-id=rules-replace",
        "spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100"})
class RulesThreadReplacementIntegrationTest {

    static final String POISON = "p-poison-" + UUID.randomUUID();

    /** Thrown once by the rule below: not an exception, so nothing on its way catches it. */
    static final class ThreadKiller extends Error {
        ThreadKiller() {
            super("a bug that kills the stream thread");
        }
    }

    @TestConfiguration
    static class DiesOnceOnOnePatient {

        @Bean
        @Primary
        PatientJudge dyingJudge(RulesProperties properties) {
            AtomicBoolean died = new AtomicBoolean();
            Rule dies = new Rule() {
                @Override
                public List<Finding> evaluate(RuleContext context) {
                    if (context.patientId().equals(POISON) && died.compareAndSet(false, true)) {
                        throw new ThreadKiller();
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
        registry.add("adherence.rules.state-dir", () -> "target/rules-replace-state-" + UUID.randomUUID());
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aStreamThreadThatDiesIsReplacedAndEveryPatientsAlertStillArrives() throws Exception {
        String other = onThePartitionOf(POISON, "p-2-");
        try (KafkaProducer<String, Object> producer = StreamFailureIntegration.producer()) {
            send(producer, Topics.DOSE_EVENTS.name(), POISON, dose(POISON, "25"));
            send(producer, Topics.DOSE_EVENTS.name(), other, dose(other, "25"));
        }

        assertThat(alerts(other, 1, Duration.ofSeconds(90))).extracting(AlertRaised::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX);
        assertThat(alerts(POISON, 1, Duration.ofSeconds(30))).extracting(AlertRaised::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX);
        assertThat(meters.get("adherence.rules.stream.threads.replaced").counter().count()).isEqualTo(1.0);
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
    }
}
