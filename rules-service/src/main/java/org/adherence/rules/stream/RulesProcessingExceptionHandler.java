package org.adherence.rules.stream;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception that reached Kafka Streams from the topology (the processor dead-letters what its judging fails on;
 * this is for what escapes it, and for a punctuation): the record is passed over, logged with its position so that it
 * can be found in its topic and replayed, and counted ({@code adherence_rules_records_not_judged_total{reason=
 * "unhandled"}}, and Kafka Streams' own {@code dropped-records}). Stopping the stream instead would stop every
 * patient's alerts, and the same record would stop it again after every restart.
 */
public final class RulesProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RulesProcessingExceptionHandler.class);

    private RulesMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = StreamFailures.metrics(configs);
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (record == null) {
            log.error("Not judged: a scan of task {} failed and is passed over; the next scan takes it up",
                    context.taskId(), exception);
        }
        else {
            log.error("Not judged: an exception reached Kafka Streams at {}-{}@{} (node {}); the record is passed "
                    + "over, patientId={}", context.topic(), context.partition(), context.offset(),
                    context.processorNodeId(), record.key(), exception);
        }
        if (metrics != null) {
            metrics.notJudged(RulesMetrics.NotJudged.UNHANDLED);
        }
        return ProcessingHandlerResponse.CONTINUE;
    }
}
