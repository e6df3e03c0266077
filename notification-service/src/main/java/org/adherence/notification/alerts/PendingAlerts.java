package org.adherence.notification.alerts;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.kafka.KafkaBackedMap;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Alerts held because nobody can be mailed yet, kept in the compacted pending topic so that they survive restarts
 * and never hold up other patients' alerts on the alerts topic. Read in full at start, then followed.
 */
public class PendingAlerts extends KafkaBackedMap<AlertRaised> {

    public PendingAlerts(KafkaOperations<String, AlertRaised> kafka) {
        super(Topics.NOTIFICATION_PENDING, kafka);
    }

    /** Holds an alert; returns only once all in-sync replicas have it, so its offset may then be committed. */
    public void park(AlertRaised alert) {
        put(alert.alertId(), alert);
    }

    /** Lets go of an alert that has been mailed to everyone. */
    public void release(String alertId) {
        remove(alertId);
    }
}
