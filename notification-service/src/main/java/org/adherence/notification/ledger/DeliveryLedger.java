package org.adherence.notification.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** Bounds one ledger write, so that a slow broker fails an attempt instead of stalling the consumer. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    /** Mailed, but the ledger write failed: never mailed again, and written again before anything else. */
    private final Map<String, NotificationDelivered> unrecorded = new ConcurrentHashMap<>();
    private final KafkaOperations<String, NotificationDelivered> kafka;
    private final ApplicationEventPublisher events;

    private volatile boolean loaded;

    public DeliveryLedger(KafkaOperations<String, NotificationDelivered> kafka, ApplicationEventPublisher events) {
        this.kafka = kafka;
        this.events = events;
    }

    public boolean alreadyDelivered(String alertId, String recipient) {
        String key = NotificationDelivered.deliveryKey(alertId, recipient);
        return delivered.contains(key) || unrecorded.containsKey(key);
    }

    /**
     * Writes again the deliveries whose ledger write failed earlier.
     *
     * @throws DeliveryNotRecordedException if the broker still does not acknowledge one
     */
    public void recordUnrecorded() {
        for (NotificationDelivered delivery : List.copyOf(unrecorded.values())) {
            write(delivery);
            unrecorded.remove(delivery.deliveryKey());
        }
    }

    /**
     * Writes a delivery to the ledger and returns only once all in-sync replicas have it.
     *
     * @throws DeliveryNotRecordedException if the broker did not acknowledge it
     */
    public void record(NotificationDelivered delivery) {
        try {
            write(delivery);
        }
        catch (DeliveryNotRecordedException e) {
            unrecorded.put(delivery.deliveryKey(), delivery);
            throw e;
        }
    }

    private void write(NotificationDelivered delivery) {
        try {
            kafka.send(Topics.NOTIFICATION_DELIVERIES.name(), delivery.deliveryKey(), delivery)
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryNotRecordedException(delivery, e);
        }
        catch (ExecutionException e) {
            throw new DeliveryNotRecordedException(delivery, e.getCause());
        }
        catch (TimeoutException e) {
            throw new DeliveryNotRecordedException(delivery, e);
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
