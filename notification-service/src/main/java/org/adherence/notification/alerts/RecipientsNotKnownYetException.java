package org.adherence.notification.alerts;

import org.adherence.contracts.events.AlertRaised;

/** An alert cannot be routed yet: the profile that names its recipients has not arrived. Retried, never dropped. */
public class RecipientsNotKnownYetException extends RuntimeException {

    public RecipientsNotKnownYetException(AlertRaised alert, String reason) {
        super("No recipients yet for alert " + alert.alertId() + " of patient " + alert.patientId() + ": " + reason);
    }
}
