package org.adherence.notification.ledger;

import org.adherence.contracts.events.NotificationDelivered;

import org.springframework.kafka.core.KafkaOperations;

/** A delivery ledger read to its end (empty), for tests without a broker. */
public final class Ledgers {

    private Ledgers() {
    }

    public static DeliveryLedger loaded(KafkaOperations<String, NotificationDelivered> kafka) {
        DeliveryLedger ledger = new DeliveryLedger(kafka, event -> { });
        ledger.markLoaded();
        return ledger;
    }
}
