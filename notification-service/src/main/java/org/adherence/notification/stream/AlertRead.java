package org.adherence.notification.stream;

import java.util.Map;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.metrics.NotificationMetrics.DeadLetterReason;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * An alert record as read: an alert, or a record that is none (not JSON, no alert id, or a rule or severity this
 * version does not know, which a newer rules-service may send). Reading never fails, so that such a record reaches
 * the topology and goes to the dead-letter topic inside its transaction, counted, instead of stopping the stream or
 * vanishing.
 */
sealed interface AlertRead {

    record Readable(AlertRaised alert) implements AlertRead {
    }

    /** @param detail what could not be read: the type of the unknown code, or of the failure (never the text) */
    record Unreadable(byte[] raw, DeadLetterReason reason, String detail) implements AlertRead {
    }

    /** Reads {@code adherence.alerts} leniently; never written. */
    final class ReadingSerde implements Serde<AlertRead> {

        private final Deserializer<AlertRaised> alerts = Topics.ALERTS.valueSerde().deserializer();

        @Override
        public Serializer<AlertRead> serializer() {
            return (topic, value) -> {
                throw new UnsupportedOperationException("Alert reads are never written");
            };
        }

        @Override
        public Deserializer<AlertRead> deserializer() {
            return this::read;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            alerts.configure(configs, isKey);
        }

        AlertRead read(String topic, byte[] raw) {
            if (raw == null) {
                return new Unreadable(null, DeadLetterReason.EMPTY, "tombstone");
            }
            try {
                AlertRaised alert = alerts.deserialize(topic, raw);
                return alert == null ? new Unreadable(raw, DeadLetterReason.EMPTY, "null")
                        : new Readable(alert);
            }
            catch (SerializationException | IllegalArgumentException | NullPointerException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                            && invalid.getTargetType().isEnum()) {
                        return new Unreadable(raw, DeadLetterReason.UNKNOWN_CODE,
                                invalid.getTargetType().getSimpleName());
                    }
                }
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return new Unreadable(raw, DeadLetterReason.UNREADABLE, root.getClass().getSimpleName());
            }
        }
    }
}
