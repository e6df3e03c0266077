package org.adherence.rules.stream;

import java.nio.charset.StandardCharsets;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The trace of an event through the rules, carried in Kafka headers (W3C {@code traceparent}, written by intake's
 * producer). The header names are the propagator's: the tracing handlers Spring Boot registers on the
 * {@link ObservationRegistry} read and write them through the contexts made here.
 */
final class RecordTracing {

    private final ObservationRegistry registry;

    RecordTracing(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** The evaluation of one incoming record: a span continuing the trace its headers carry, or a new trace. */
    Observation evaluation(Headers headers, String topic) {
        ReceiverContext<Headers> context = new ReceiverContext<>(RecordTracing::lastValue);
        context.setCarrier(headers);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted("adherence.rules.evaluation", () -> context, registry)
                .contextualName(topic + " process")
                .lowCardinalityKeyValue("topic", topic);
    }

    /**
     * The forwarding of one alert, writing its trace context into the alert's headers: a child of the evaluation
     * open on this thread, or, on the wall-clock scan where none is open, the start of a new trace.
     */
    Observation alertForwarding(Headers alertHeaders) {
        SenderContext<Headers> context = new SenderContext<>((carrier, name, value) -> {
            // one traceparent: the alert's own, never one inherited from the input record
            carrier.remove(name);
            carrier.add(name, value.getBytes(StandardCharsets.UTF_8));
        });
        context.setCarrier(alertHeaders);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted("adherence.rules.alert.forwarding", () -> context, registry)
                .contextualName("alert send");
    }

    private static String lastValue(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
