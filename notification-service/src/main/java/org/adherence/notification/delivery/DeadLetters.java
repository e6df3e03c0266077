package org.adherence.notification.delivery;

import java.util.List;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.NotificationFailed;
import org.adherence.notification.kafka.KafkaBackedMap;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The emails the mail server refused for good, in the dead-letter topic (keyed by alert id), known here by their
 * ledger key: such an email is never tried again, and the delivery log shows it as failed.
 */
public class DeadLetters extends KafkaBackedMap<NotificationFailed> {

    public DeadLetters(KafkaOperations<String, NotificationFailed> kafka) {
        super(Topics.NOTIFICATION_DEAD_LETTERS, kafka, NotificationFailed::deliveryKey);
    }

    /** Publishes the dead letter; returns only once all in-sync replicas have it. */
    public void deadLetter(NotificationFailed failure) {
        put(failure.alertId(), failure);
    }

    public List<NotificationFailed> failuresOf(String alertId) {
        return all().stream().filter(failure -> failure.alertId().equals(alertId)).toList();
    }
}
