package org.adherence.rules.stream;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record Kafka Streams could not send (an alert, a dead letter, a changelog record).
 * <ul>
 * <li>It could not be serialized: nothing was sent, so the transaction is intact; the record is passed over, logged
 * and counted ({@code reason="serialization"}).</li>
 * <li>The broker refused it for a while (no leader, not enough replicas): retried.</li>
 * <li>The broker refused it for good (too large, invalid): the thread fails. Under exactly-once the producer is in
 * error by then and the transaction cannot commit whatever this answers; the records are bounded so that this does
 * not happen ({@code RulesState.MAX_RECORD_BYTES}, the event limits). Counted ({@code reason="refused"}); the thread is
 * replaced within its budget, then the client stops and readiness turns DOWN.</li>
 * </ul>
 */
public final class RulesProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RulesProductionExceptionHandler.class);

    private RulesMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = StreamFailures.metrics(configs);
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        log.error("Not sent: a record for {} could not be serialized ({}); passed over, patientId={}", record.topic(),
                origin, record.key(), exception);
        count(RulesMetrics.NotSent.SERIALIZATION);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        log.error("Not sent: Kafka refused a record of {} bytes for {}; the stream thread fails", size(record),
                record.topic(), exception);
        count(RulesMetrics.NotSent.REFUSED);
        return ProductionExceptionHandlerResponse.FAIL;
    }

    private void count(RulesMetrics.NotSent reason) {
        if (metrics != null) {
            metrics.notSent(reason);
        }
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }
}
