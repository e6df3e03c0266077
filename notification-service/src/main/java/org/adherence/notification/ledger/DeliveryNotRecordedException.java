package org.adherence.notification.ledger;

import org.adherence.contracts.events.NotificationDelivered;

/** The broker did not acknowledge a delivery; the email may have gone out but the ledger does not know it. */
public class DeliveryNotRecordedException extends RuntimeException {

    public DeliveryNotRecordedException(NotificationDelivered delivery, Throwable cause) {
        super("Delivery of alert " + delivery.alertId() + " for patient " + delivery.patientId()
                + " not acknowledged by the broker", cause);
    }
}
