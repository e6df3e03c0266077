package org.adherence.notification.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.ack.Acknowledged;
import org.adherence.notification.stream.StoredRecords.AlertTakenIn;
import org.adherence.notification.stream.StoredRecords.Delivered;
import org.adherence.notification.stream.StoredRecords.Digest;
import org.adherence.notification.stream.StoredRecords.OpenCritical;
import org.adherence.notification.stream.StoredRecords.OutboxEntry;
import org.adherence.notification.stream.StoredRecords.Refused;
import org.adherence.notification.stream.StoredRecords.Timer;
import org.adherence.notification.stream.StoredRecords.WarningGroup;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The stores of one task, typed (see {@link NotificationStores}). Used on the task's stream thread only. */
record State(KeyValueStore<String, PatientProfileUpdated> profiles, KeyValueStore<String, AlertTakenIn> alerts,
             KeyValueStore<String, Delivered> ledger, KeyValueStore<String, Refused> refused,
             KeyValueStore<String, OutboxEntry> outbox, KeyValueStore<String, String> held,
             KeyValueStore<String, WarningGroup> groups, KeyValueStore<String, Digest> digests,
             KeyValueStore<String, OpenCritical> criticals, KeyValueStore<String, Acknowledged> acks,
             KeyValueStore<String, Timer> timers) {

    private static final StringSerializer KEYS = new StringSerializer();

    static State of(ProcessorContext<?, ?> context) {
        return new State(context.getStateStore(NotificationStores.PROFILES),
                context.getStateStore(NotificationStores.ALERTS), context.getStateStore(NotificationStores.LEDGER),
                context.getStateStore(NotificationStores.REFUSED), context.getStateStore(NotificationStores.OUTBOX),
                context.getStateStore(NotificationStores.HELD), context.getStateStore(NotificationStores.GROUPS),
                context.getStateStore(NotificationStores.DIGESTS), context.getStateStore(NotificationStores.CRITICALS),
                context.getStateStore(NotificationStores.ACKS), context.getStateStore(NotificationStores.TIMERS));
    }

    /** The entries whose key starts with {@code prefix}, read whole before the caller changes anything. */
    static <V> List<KeyValue<String, V>> withPrefix(KeyValueStore<String, V> store, String prefix) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        try (KeyValueIterator<String, V> entries = store.prefixScan(prefix, KEYS)) {
            entries.forEachRemaining(found::add);
        }
        return found;
    }

    /** At most {@code limit} entries from {@code from} to {@code to} (both inclusive), read whole first. */
    static <V> List<KeyValue<String, V>> inRange(KeyValueStore<String, V> store, String from, String to, int limit) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        try (KeyValueIterator<String, V> entries = store.range(from, to)) {
            while (entries.hasNext() && found.size() < limit) {
                found.add(entries.next());
            }
        }
        return found;
    }

    /** Every entry of a store, for counting at start. */
    static <V> void forEach(KeyValueStore<String, V> store, BiConsumer<String, V> action) {
        try (KeyValueIterator<String, V> entries = store.all()) {
            entries.forEachRemaining(entry -> action.accept(entry.key, entry.value));
        }
    }
}
