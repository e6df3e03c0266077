package org.adherence.notification.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Alerts held because nobody can be mailed yet, kept in the compacted pending topic so that they survive restarts
 * and never hold up other patients' alerts on the alerts topic. Read in full at start, then followed.
 */
public class PendingAlerts {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, AlertRaised> pending = new ConcurrentHashMap<>();

    private final KafkaOperations<String, AlertRaised> kafka;

    private volatile boolean loaded;

    public PendingAlerts(KafkaOperations<String, AlertRaised> kafka) {
        this.kafka = kafka;
    }

    /** Holds an alert; returns only once all in-sync replicas have it, so its offset may then be committed. */
    public void park(AlertRaised alert) {
        write(alert.alertId(), alert);
        pending.put(alert.alertId(), alert);
    }

    /** Lets go of an alert that has been mailed to everyone. */
    public void release(String alertId) {
        write(alertId, null);
        pending.remove(alertId);
    }

    public List<AlertRaised> all() {
        return List.copyOf(pending.values());
    }

    public int size() {
        return pending.size();
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** Takes in one record of the pending topic; a {@code null} value is a tombstone. */
    void apply(String alertId, AlertRaised alert) {
        if (alert == null) {
            pending.remove(alertId);
        }
        else {
            pending.put(alertId, alert);
        }
    }

    void markLoaded() {
        loaded = true;
    }

    private void write(String alertId, AlertRaised alertOrTombstone) {
        try {
            kafka.send(Topics.NOTIFICATION_PENDING.name(), alertId, alertOrTombstone)
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing pending alert " + alertId, e);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge pending alert " + alertId + ": "
                    + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName(), e);
        }
    }
}
