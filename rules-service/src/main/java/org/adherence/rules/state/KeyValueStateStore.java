package org.adherence.rules.state;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The state in a Kafka Streams key-value store (RocksDB, changelogged): the service's. */
public final class KeyValueStateStore implements StateStore {

    private final KeyValueStore<Bytes, byte[]> store;

    public KeyValueStateStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(Bytes key) {
        return store.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public void delete(Bytes key) {
        store.delete(key);
    }

    @Override
    public List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to, boolean reverse, int limit) {
        if (from.compareTo(to) > 0) {
            return List.of();
        }
        List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = reverse ? store.reverseRange(from, to) : store.range(from, to)) {
            while (found.size() < limit && entries.hasNext()) {
                found.add(entries.next());
            }
        }
        return found;
    }
}
