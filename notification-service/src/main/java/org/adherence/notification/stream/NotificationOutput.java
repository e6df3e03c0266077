package org.adherence.notification.stream;

import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.events.EmailRefused;

/** What the processor forwards, keyed by patient id; the topology sends each kind on its way. */
sealed interface NotificationOutput {

    /** The delivery log of an alert changed; {@code view} null when the alert is gone (its retention ended). */
    record ViewChanged(String alertId, DeliveryLogView view) implements NotificationOutput {
    }

    /** An address was refused for good. */
    record Refusal(EmailRefused refused) implements NotificationOutput {
    }
}
