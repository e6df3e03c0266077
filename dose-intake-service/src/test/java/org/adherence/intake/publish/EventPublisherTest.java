package org.adherence.intake.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.metrics.IntakeMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.unit.DataSize;

/**
 * {@code adherence.intake.publish} on a clock that moves only when told: a request is timed from the sample started
 * on its arrival, which the controller hands over, to the broker's acknowledgement (here at once), or from the call
 * when there is none.
 */
class EventPublisherTest {

    private static final DoseTaken DOSE = DoseTaken.of("e-1", "p-1", "baclofen", BigDecimal.TEN,
            OffsetDateTime.parse("2026-11-25T08:00:00+01:00"), Instant.parse("2026-11-25T08:05:00Z"));

    private final MockClock clock = new MockClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private final IntakeMetrics metrics = new IntakeMetrics(registry);

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);

    private final EventPublisher publisher = new EventPublisher(kafka, metrics, Tracer.NOOP, Propagator.NOOP,
            new IntakeProperties(Duration.ofSeconds(10), Duration.ofSeconds(5), DataSize.ofMegabytes(2), 1000,
                    Duration.ofDays(30), Duration.ofMinutes(5), "classpath*:rulepacks/*.json", DataSize.ofMegabytes(64)));

    @BeforeEach
    void brokerAcknowledgesAtOnce() {
        when(kafka.send(any(ProducerRecord.class))).thenAnswer(call -> {
            ProducerRecord<String, Object> record = call.getArgument(0);
            return CompletableFuture.completedFuture(new SendResult<>(record,
                    new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0)));
        });
    }

    @Test
    void timesAnEventFromItsRequestsArrival() {
        Timer.Sample arrival = metrics.startPublish();
        // authentication, reading and checking the body
        clock.add(Duration.ofMillis(1500));

        publisher.publish(Topics.DOSE_EVENTS, "p-1", "e-1", DOSE, arrival).join();

        assertThat(seconds("dose", "durable")).isEqualTo(1.5);
        assertThat(timer("dose", "durable").count()).isEqualTo(1);
    }

    @Test
    void timesABatchFromItsRequestsArrival() {
        Timer.Sample arrival = metrics.startPublish();
        clock.add(Duration.ofSeconds(3));

        publisher.publishAll("p-1", List.of(DOSE), arrival).join();

        assertThat(seconds("batch", "durable")).isEqualTo(3.0);
    }

    @Test
    void timesARequestTheBrokerRefusedFromItsArrival() {
        when(kafka.send(any(ProducerRecord.class))).thenThrow(new KafkaException("no metadata"));
        Timer.Sample arrival = metrics.startPublish();
        clock.add(Duration.ofSeconds(2));

        assertThat(publisher.publish(Topics.DOSE_EVENTS, "p-1", "e-1", DOSE, arrival)).isCompletedExceptionally();

        assertThat(seconds("dose", "not_durable")).isEqualTo(2.0);
        assertThat(timer("dose", "durable").count()).isZero();
    }

    @Test
    void timesFromTheCallWhenThereIsNoArrival() {
        clock.add(Duration.ofSeconds(2));

        publisher.publish(Topics.DOSE_EVENTS, "p-1", "e-1", DOSE, null).join();

        assertThat(timer("dose", "durable").count()).isEqualTo(1);
        assertThat(seconds("dose", "durable")).isZero();
    }

    private Timer timer(String type, String outcome) {
        return registry.get("adherence.intake.publish").tags("type", type, "outcome", outcome).timer();
    }

    private double seconds(String type, String outcome) {
        return timer(type, outcome).totalTime(TimeUnit.SECONDS);
    }
}
