package org.adherence.rules;

import static org.adherence.rules.StreamFailureIntegration.alerts;
import static org.adherence.rules.StreamFailureIntegration.dose;
import static org.adherence.rules.StreamFailureIntegration.onThePartitionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.testsupport.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The flood on a real broker: one patient's app posts, within every documented limit, four batches of 1000
 * symptom reports (multiple sclerosis symptoms only, 48 codes and a 400-character note each). Before, the patient's
 * whole history was one changelog record that grew past the broker's limit and stopped the stream for everyone; now
 * another patient's 25 mg dose on the same partition still raises its alert, and no changelog record is large.
 */
@AutoConfigureMockMvc
@DirtiesContext
@SpringBootTest(properties = {
        "spring.cloud.stream.kafka.streams.binder.application-id=rules-flood",
        "spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100"})
class RulesFloodIntegrationTest {

    private static final List<Symptom> MULTIPLE_SCLEROSIS = List.of(Symptom.MUSCLE_SPASMS, Symptom.SPASTICITY,
            Symptom.DIZZINESS, Symptom.VISION_PROBLEMS, Symptom.BALANCE_PROBLEMS, Symptom.LOSS_OF_BLADDER_CONTROL,
            Symptom.LHERMITTE_SIGN, Symptom.PAIN);

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("adherence.rules.state-dir", () -> "target/rules-flood-state-" + UUID.randomUUID());
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void fourBatchesOfAThousandReportsLeaveEveryOtherPatientsAlertsFlowing() throws Exception {
        String flooding = "p-flood-" + UUID.randomUUID();
        String other = onThePartitionOf(flooding, "p-2-");
        List<Symptom> codes = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            codes.add(MULTIPLE_SCLEROSIS.get(i % MULTIPLE_SCLEROSIS.size()));
        }
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(5).withNano(0);
        try (KafkaProducer<String, Object> producer = StreamFailureIntegration.producer()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                for (int item = 0; item < 1000; item++) {
                    SymptomsReported report = SymptomsReported.of(UUID.randomUUID().toString(), flooding, codes,
                            start.plusSeconds(batch * 1000L + item), "n".repeat(400), Instant.now());
                    sent.add(producer.send(new ProducerRecord<>(Topics.SYMPTOM_EVENTS.name(), flooding, report)));
                }
            }
            for (Future<?> future : sent) {
                future.get();
            }
            StreamFailureIntegration.send(producer, Topics.DOSE_EVENTS.name(), other, dose(other, "25"));
        }

        assertThat(alerts(other, 1, Duration.ofSeconds(120))).extracting(AlertRaised::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX);
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
        assertThat(largestChangelogRecord()).as("bytes of the largest state record").isLessThan(1024);
    }

    private static int largestChangelogRecord() {
        String changelog = "rules-flood-rules-state-changelog";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
                    .map(p -> new TopicPartition(changelog, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            int largest = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    int size = record.key().length + (record.value() == null ? 0 : record.value().length);
                    largest = Math.max(largest, size);
                }
            }
            return largest;
        }
    }
}
