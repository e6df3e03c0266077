package org.adherence.notification.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.adherence.contracts.Topic;
import org.springframework.kafka.core.KafkaOperations;

/**
 * A map held in a topic of this service: every write is acknowledged by all in-sync replicas before it counts, and
 * every instance reads the whole topic at start, then follows it ({@link CompactedTopicReader}), so that the map
 * survives restarts and is the same on every instance.
 *
 * @param <V> the value type; written {@code null} is a tombstone
 */
public class KafkaBackedMap<V> {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final Topic<V> topic;
    private final KafkaOperations<String, V> kafka;
    private final Function<V, String> indexKey;
    private final Map<String, V> values = new ConcurrentHashMap<>();

    private volatile boolean loaded;

    /**
     * @param indexKey what a value is found by in memory; the record key when {@code null} (compacted topics)
     */
    public KafkaBackedMap(Topic<V> topic, KafkaOperations<String, V> kafka, Function<V, String> indexKey) {
        this.topic = topic;
        this.kafka = kafka;
        this.indexKey = indexKey;
    }

    public KafkaBackedMap(Topic<V> topic, KafkaOperations<String, V> kafka) {
        this(topic, kafka, null);
    }

    /** Writes a value and returns only once all in-sync replicas have it. */
    public void put(String recordKey, V value) {
        write(recordKey, value);
        values.put(indexKey == null ? recordKey : indexKey.apply(value), value);
    }

    /** Writes a tombstone and returns only once all in-sync replicas have it. */
    public void remove(String recordKey) {
        write(recordKey, null);
        values.remove(recordKey);
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public List<V> all() {
        return List.copyOf(values.values());
    }

    public int size() {
        return values.size();
    }

    public boolean isLoaded() {
        return loaded;
    }

    public Topic<V> topic() {
        return topic;
    }

    /** Takes in one record of the topic; a {@code null} value is a tombstone. */
    public void apply(String recordKey, V value) {
        if (value == null) {
            values.remove(recordKey);
        }
        else {
            values.put(indexKey == null ? recordKey : indexKey.apply(value), value);
        }
    }

    public void markLoaded() {
        loaded = true;
    }

    private void write(String recordKey, V valueOrTombstone) {
        try {
            kafka.send(topic.name(), recordKey, valueOrTombstone).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateNotWrittenException(topic, recordKey, e);
        }
        catch (ExecutionException e) {
            throw new StateNotWrittenException(topic, recordKey, e.getCause());
        }
        catch (TimeoutException e) {
            throw new StateNotWrittenException(topic, recordKey, e);
        }
    }
}
