package org.adherence.notification.ledger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.NotificationDelivered;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Which alert has been mailed to which address, kept in the compacted deliveries topic so that it survives
 * restarts and is shared by every instance. Read in full before any alert is consumed
 * ({@link DeliveryLedgerLoaded}).
 */
public class DeliveryLedger {

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final KafkaOperations<String, NotificationDelivered> kafka;
    private final ApplicationEventPublisher events;

    private volatile boolean loaded;

    public DeliveryLedger(KafkaOperations<String, NotificationDelivered> kafka, ApplicationEventPublisher events) {
        this.kafka = kafka;
        this.events = events;
    }

    public boolean alreadyDelivered(String alertId, String recipient) {
        return delivered.contains(NotificationDelivered.deliveryKey(alertId, recipient));
    }

    /**
     * Writes a delivery to the ledger and returns only once all in-sync replicas have it.
     *
     * @throws DeliveryNotRecordedException if the broker did not acknowledge it
     */
    public void record(NotificationDelivered delivery) {
        try {
            kafka.send(Topics.NOTIFICATION_DELIVERIES.name(), delivery.deliveryKey(), delivery).get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryNotRecordedException(delivery, e);
        }
        catch (ExecutionException e) {
            throw new DeliveryNotRecordedException(delivery, e.getCause());
        }
        delivered.add(delivery.deliveryKey());
    }

    public boolean isLoaded() {
        return loaded;
    }

    public int size() {
        return delivered.size();
    }

    /** Takes in one record of the deliveries topic; a {@code null} value is a tombstone. */
    void apply(String deliveryKey, NotificationDelivered delivery) {
        if (delivery == null) {
            delivered.remove(deliveryKey);
        }
        else {
            delivered.add(delivery.deliveryKey());
        }
    }

    void markLoaded() {
        loaded = true;
        events.publishEvent(new DeliveryLedgerLoaded(delivered.size()));
    }
}
