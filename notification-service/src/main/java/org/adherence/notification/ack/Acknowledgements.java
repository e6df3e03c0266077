package org.adherence.notification.ack;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertAcknowledged;
import org.adherence.notification.kafka.KafkaBackedMap;
import org.springframework.kafka.core.KafkaOperations;

/** The acknowledged alerts, by alert id, as every instance reads them from the acknowledgements topic. */
public class Acknowledgements extends KafkaBackedMap<AlertAcknowledged> {

    public Acknowledgements(KafkaOperations<String, AlertAcknowledged> kafka) {
        super(Topics.ALERT_ACKNOWLEDGEMENTS, kafka);
    }

    /** Publishes the acknowledgement; returns only once all in-sync replicas have it. */
    public void acknowledge(AlertAcknowledged acknowledgement) {
        put(acknowledgement.alertId(), acknowledgement);
    }

    public boolean isAcknowledged(String alertId) {
        return contains(alertId);
    }
}
