package org.adherence.intake.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientEvent;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.metrics.EventType;
import org.adherence.intake.metrics.IntakeMetrics;
import org.adherence.intake.problem.EventNotDurableException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes to Kafka keyed by patient id, so that one patient's events stay in order on one partition. The
 * returned future completes (with where the record is) only when every in-sync replica has the record (acks=all, idempotent producer), and
 * fails with {@link EventNotDurableException} when that does not happen within
 * {@code adherence.intake.publish-timeout}. Each record carries the request's trace as a W3C {@code traceparent}
 * header, put there from the request's span (rules and notification go on from it), and the line logging its
 * acknowledgement carries the same trace id. Not by the template's observation: that was another timer and span for
 * each record, a hundred for a batch of a hundred (docs/performance.md).
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, Object> kafka;

    private final IntakeMetrics metrics;

    private final Tracer tracer;

    private final Propagator propagator;

    private final long timeoutMillis;

    public EventPublisher(KafkaTemplate<String, Object> kafka, IntakeMetrics metrics, Tracer tracer,
                          Propagator propagator, IntakeProperties properties) {
        this.kafka = kafka;
        this.metrics = metrics;
        this.tracer = tracer;
        this.propagator = propagator;
        this.timeoutMillis = properties.publishTimeout().toMillis();
    }

    /**
     * Publishes one event; {@code arrival} is the request's sample from {@link IntakeMetrics#ARRIVAL}, so that
     * {@code adherence.intake.publish} times the request from its arrival at intake (from now when there is none).
     */
    public <V> CompletableFuture<RecordMetadata> publish(Topic<V> topic, String patientId, String eventId, V value,
                                                         Timer.@Nullable Sample arrival) {
        Timer.Sample publishing = arrival != null ? arrival : metrics.startPublish();
        EventType type = EventType.of(topic);
        return send(topic, patientId, eventId, value).whenComplete((done, failure) -> {
            metrics.published(publishing, type, failure == null);
            if (failure == null) {
                metrics.accepted(type);
            }
        });
    }

    /**
     * Publishes a patient's events in order; completes when all are durable, fails as soon as one fails (the others
     * may still land: posting again is safe). Stops sending once one has failed at once, so that a batch meets an
     * unreachable broker in one {@code max.block.ms}, not in one per item. Its events count as accepted only once
     * all are durable, when the client hears 202. {@code arrival} as for {@link #publish}.
     */
    public CompletableFuture<Void> publishAll(String patientId, List<? extends PatientEvent> events,
                                              Timer.@Nullable Sample arrival) {
        Timer.Sample publishing = arrival != null ? arrival : metrics.startPublish();
        List<CompletableFuture<RecordMetadata>> publications = new ArrayList<>();
        List<EventType> types = new ArrayList<>();
        for (PatientEvent event : events) {
            CompletableFuture<RecordMetadata> publication;
            if (event instanceof DoseTaken dose) {
                publication = send(Topics.DOSE_EVENTS, patientId, dose.eventId(), dose);
                types.add(EventType.DOSE);
            }
            else {
                publication = send(Topics.SYMPTOM_EVENTS, patientId, event.eventId(), (SymptomsReported) event);
                types.add(EventType.SYMPTOMS);
            }
            publications.add(publication);
            if (publication.isCompletedExceptionally()) {
                break;
            }
        }
        return all(publications).whenComplete((done, failure) -> {
            metrics.published(publishing, EventType.BATCH, failure == null);
            if (failure == null) {
                types.forEach(metrics::accepted);
            }
        });
    }

    private <V> CompletableFuture<RecordMetadata> send(Topic<V> topic, String patientId, String eventId, V value) {
        CompletableFuture<RecordMetadata> durable = new CompletableFuture<>();
        CompletableFuture<SendResult<String, Object>> sent;
        // the request's span, current here on the request thread; null outside a request
        Span request = tracer.currentSpan();
        try {
            ProducerRecord<String, Object> record = new ProducerRecord<>(topic.name(), patientId, value);
            if (request != null) {
                propagator.inject(request.context(), record.headers(), EventPublisher::header);
            }
            sent = kafka.send(record);
        }
        catch (RuntimeException e) {
            // the producer could not even queue the record (no metadata within max.block.ms)
            durable.completeExceptionally(notDurable(topic, patientId, eventId, e));
            return durable;
        }
        sent.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
            // the broker's answer comes on the producer's I/O thread, a timeout on the
            // JDK's delay thread, which has no MDC at all: log in the request's span, so that the line carries the
            // trace id the record's traceparent header carries on
            try (Tracer.SpanInScope inRequest = tracer.withSpan(request)) {
                if (failure == null) {
                    log.info("Accepted eventId={} patientId={} type={} topic={} partition={} offset={}", eventId,
                            patientId, EventType.of(topic).tag(), topic.name(),
                            result.getRecordMetadata().partition(), result.getRecordMetadata().offset());
                    durable.complete(result.getRecordMetadata());
                }
                else {
                    durable.completeExceptionally(notDurable(topic, patientId, eventId, failure));
                }
            }
        });
        return durable;
    }

    private static void header(Headers headers, String key, String value) {
        headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<RecordMetadata>> publications) {
        CompletableFuture<Void> all = CompletableFuture.allOf(publications.toArray(CompletableFuture[]::new));
        publications.forEach(publication -> publication.exceptionally(failure -> {
            all.completeExceptionally(failure);
            return null;
        }));
        return all;
    }

    private static EventNotDurableException notDurable(Topic<?> topic, String patientId, String eventId,
                                                       Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = cause instanceof TimeoutException ? "no acknowledgement in time" : cause.toString();
        log.warn("Not durable: {} patientId={} eventId={}: {}", topic.name(), patientId, eventId, reason);
        return new EventNotDurableException("Kafka did not acknowledge event " + eventId + " (" + reason + ").",
                cause);
    }
}
