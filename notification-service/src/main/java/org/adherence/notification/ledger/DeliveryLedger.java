package org.adherence.notification.ledger;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.NotificationDelivered;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Which email has been sent to which address ({@link LedgerKeys}), kept in the compacted deliveries topic so that
 * it survives restarts and is shared by every instance. Read in full before any alert is consumed
 * ({@link DeliveryLedgerLoaded}).
 */
public class DeliveryLedger {

    /** Bounds one ledger write, so that a slow broker fails an attempt instead of stalling the consumer. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, NotificationDelivered> delivered = new ConcurrentHashMap<>();

    /** The ledger keys of each alert id (or digest id), for the delivery log and the reminders. */
    private final Map<String, Set<String>> keysByAlert = new ConcurrentHashMap<>();

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
        return alreadyDelivered(LedgerKeys.alert(alertId, recipient));
    }

    public boolean alreadyDelivered(String key) {
        return delivered.containsKey(key) || unrecorded.containsKey(key);
    }

    /**
     * Writes again the deliveries whose ledger write failed earlier.
     *
     * @throws DeliveryNotRecordedException if the broker still does not acknowledge one
     */
    public void recordUnrecorded() {
        for (Map.Entry<String, NotificationDelivered> entry : List.copyOf(unrecorded.entrySet())) {
            write(entry.getKey(), entry.getValue());
            unrecorded.remove(entry.getKey());
        }
    }

    /** Records an alert's own email to one address; see {@link #record(String, NotificationDelivered)}. */
    public void record(NotificationDelivered delivery) {
        record(delivery.deliveryKey(), delivery);
    }

    /**
     * Writes a delivery to the ledger and returns only once all in-sync replicas have it.
     *
     * @throws DeliveryNotRecordedException if the broker did not acknowledge it
     */
    public void record(String key, NotificationDelivered delivery) {
        try {
            write(key, delivery);
        }
        catch (DeliveryNotRecordedException e) {
            unrecorded.put(key, delivery);
            throw e;
        }
    }

    /** Everything sent under the alert (or digest) id: its own emails and its reminders, by ledger key. */
    public Map<String, NotificationDelivered> deliveriesOf(String alertId) {
        Map<String, NotificationDelivered> found = new TreeMap<>();
        for (String key : keysByAlert.getOrDefault(alertId, Set.of())) {
            NotificationDelivered delivery = delivered.getOrDefault(key, unrecorded.get(key));
            if (delivery != null) {
                found.put(key, delivery);
            }
        }
        unrecorded.forEach((key, delivery) -> {
            if (delivery.alertId().equals(alertId)) {
                found.put(key, delivery);
            }
        });
        return found;
    }

    /** The first time the alert's own email went to anyone: when its reminder interval started. */
    public Optional<NotificationDelivered> firstDelivery(String alertId) {
        return deliveriesOf(alertId).entrySet().stream()
                .filter(entry -> reminderNumber(alertId, entry.getKey()).isEmpty())
                .map(Map.Entry::getValue)
                .min(Comparator.comparing(NotificationDelivered::sentAt));
    }

    /** The reminder number a ledger key of the alert stands for, if it is a reminder's. */
    public static OptionalInt reminderNumber(String alertId, String key) {
        return LedgerKeys.reminderNumber(alertId, key);
    }

    private void write(String key, NotificationDelivered delivery) {
        try {
            kafka.send(Topics.NOTIFICATION_DELIVERIES.name(), key, delivery)
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
        apply(key, delivery);
    }

    public boolean isLoaded() {
        return loaded;
    }

    public int size() {
        return delivered.size();
    }

    /** Takes in one record of the deliveries topic; a {@code null} value is a tombstone. */
    void apply(String key, NotificationDelivered delivery) {
        if (delivery == null) {
            NotificationDelivered removed = delivered.remove(key);
            if (removed != null) {
                keysByAlert.computeIfPresent(removed.alertId(), (alertId, keys) -> {
                    keys.remove(key);
                    return keys.isEmpty() ? null : keys;
                });
            }
        }
        else {
            delivered.put(key, delivery);
            keysByAlert.computeIfAbsent(delivery.alertId(), alertId -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    void markLoaded() {
        loaded = true;
        events.publishEvent(new DeliveryLedgerLoaded(delivered.size()));
    }
}
