package org.adherence.notification.alerts;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.kafka.KafkaBackedMap;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Every alert this service has taken in, by alert id, in a compacted topic: what the delivery log shows, and where
 * reminders of unacknowledged CRITICAL alerts are found on any instance, also after a restart.
 */
public class AlertsTakenIn extends KafkaBackedMap<AlertRaised> {

    public AlertsTakenIn(KafkaOperations<String, AlertRaised> kafka) {
        super(Topics.NOTIFICATION_ALERTS, kafka);
    }

    /** Keeps the alert, once; returns only once all in-sync replicas have it. */
    public void takeIn(AlertRaised alert) {
        if (!contains(alert.alertId())) {
            put(alert.alertId(), alert);
        }
    }
}
