package org.adherence.notification.stream;

import java.nio.charset.StandardCharsets;

import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.metrics.NotificationMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert record that cannot be read goes to {@link NotificationTopics#ALERTS_DEAD_LETTER} as it was (its bytes, its
 * own headers), with why and whence in headers of its own, in the same transaction as its offset: kept exactly once,
 * counted, never skipped silently. The alerting rule on the count sends someone to look.
 */
final class AlertDeadLettering implements FixedKeyProcessor<String, AlertRead, byte[]> {

    static final String REASON = "adherence.dead-letter.reason";
    static final String DETAIL = "adherence.dead-letter.detail";
    static final String SOURCE = "adherence.dead-letter.source";

    private static final Logger log = LoggerFactory.getLogger(AlertDeadLettering.class);

    private final NotificationMetrics metrics;

    private FixedKeyProcessorContext<String, byte[]> context;

    AlertDeadLettering(NotificationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, AlertRead> record) {
        AlertRead.Unreadable unreadable = (AlertRead.Unreadable) record.value();
        String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        FixedKeyRecord<String, byte[]> deadLetter = record.withValue(unreadable.raw());
        deadLetter.headers().add(REASON, unreadable.reason().tag().getBytes(StandardCharsets.UTF_8));
        deadLetter.headers().add(DETAIL, unreadable.detail().getBytes(StandardCharsets.UTF_8));
        deadLetter.headers().add(SOURCE, source.getBytes(StandardCharsets.UTF_8));
        context.forward(deadLetter);
        metrics.deadLettered(unreadable.reason());
        log.warn("Dead-lettered alert record {} reason={} detail={} patientId={} to {}", source,
                unreadable.reason().tag(), unreadable.detail(), record.key(), NotificationTopics.ALERTS_DEAD_LETTER);
    }
}
