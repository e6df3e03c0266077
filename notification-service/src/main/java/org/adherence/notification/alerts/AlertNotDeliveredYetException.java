package org.adherence.notification.alerts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** An alert record whose delivery failed this time; it names its partition so that only that one waits. */
public class AlertNotDeliveredYetException extends RuntimeException {

    private final TopicPartition partition;

    public AlertNotDeliveredYetException(ConsumerRecord<?, ?> record, RuntimeException cause) {
        super("Alert record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " not delivered yet", cause);
        this.partition = new TopicPartition(record.topic(), record.partition());
    }

    public TopicPartition partition() {
        return partition;
    }
}
