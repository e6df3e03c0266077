package org.adherence.notification.stream;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.SendResult;

/** One record of the topology's inputs, all keyed by patient id, merged into one stream. Never serialized. */
sealed interface NotificationInput {

    record Alert(AlertRaised alert) implements NotificationInput {
    }

    /** A new or changed profile; {@code null} when the profile was deleted (a tombstone). */
    record Profile(PatientProfileUpdated profile) implements NotificationInput {
    }

    record Ack(AckRequested request) implements NotificationInput {
    }

    record Result(SendResult result) implements NotificationInput {
    }
}
