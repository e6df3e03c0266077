package org.adherence.notification.alerts;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.NotificationMetrics.Outcome;
import org.adherence.notification.kafka.StateNotWrittenException;
import org.adherence.notification.ledger.DeliveryNotRecordedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the alerts topic. The offset of an alert is committed only when this returns, that is when every
 * recipient has been mailed and recorded in the ledger; until then the alert is tried again.
 */
@Component
class AlertListener {

    static final String ID = "alert-mailer";
    static final String GROUP_ID = "notification-service";

    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final AlertDispatcher dispatcher;
    private final NotificationMetrics metrics;

    AlertListener(AlertDispatcher dispatcher, NotificationMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @KafkaListener(id = ID, groupId = GROUP_ID, topics = "#{T(org.adherence.contracts.Topics).ALERTS.name()}",
            containerFactory = AlertListenerConfiguration.CONTAINER_FACTORY, autoStartup = "false")
    void onAlert(ConsumerRecord<String, AlertRaised> record) {
        AlertRaised alert = record.value();
        if (alert == null) {
            log.warn("Skipping empty alert record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            dispatcher.dispatch(alert);
        }
        catch (RuntimeException e) {
            metrics.count(alert.severity(), Outcome.RETRIED);
            log.warn("Alert {} of patient {} ({}-{}@{}) not delivered yet, will retry: {}", alert.alertId(),
                    alert.patientId(), record.topic(), record.partition(), record.offset(), reasonOf(e));
            throw new AlertNotDeliveredYetException(record, e);
        }
    }

    /** Our own exceptions name no address and no clinical text; a mail server's message may, so only its type. */
    private static String reasonOf(RuntimeException e) {
        boolean ours = e instanceof RecipientsNotKnownYetException || e instanceof DeliveryNotRecordedException
                || e instanceof StateNotWrittenException;
        return ours ? e.getMessage() : e.getClass().getName();
    }
}
