package org.adherence.rules.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/**
 * The writes of one judgement, held apart from the store until {@link #commit}: reads see them, the store does not. A
 * judgement that fails half-way (a bug, a record over its size) leaves nothing of itself in the state; one that
 * succeeds is written whole, each record checked against the size every record must stay under before any is written.
 */
public final class BufferedStateStore implements StateStore {

    /** Marks a deleted key; told apart from empty values by identity. */
    private static final byte[] DELETED = new byte[0];

    private final StateStore store;

    private final TreeMap<Bytes, byte[]> writes = new TreeMap<>();

    public BufferedStateStore(StateStore store) {
        this.store = store;
    }

    /** A record the judging would write that is larger than a state record may be: a bug, never written. */
    public static final class RecordTooLarge extends RuntimeException {

        public RecordTooLarge(int bytes, int limit) {
            super("A state record of " + bytes + " bytes, over the limit of " + limit);
        }
    }

    @Override
    public byte[] get(Bytes key) {
        byte[] written = writes.get(key);
        if (written != null) {
            return written == DELETED ? null : written;
        }
        return store.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        writes.put(key, value);
    }

    @Override
    public void delete(Bytes key) {
        writes.put(key, DELETED);
    }

    @Override
    public List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to, boolean reverse, int limit) {
        if (from.compareTo(to) > 0) {
            return List.of();
        }
        NavigableMap<Bytes, byte[]> pending = writes.subMap(from, true, to, true);
        // each pending write hides at most one stored entry: that many more make up for them
        int fetch = limit > Integer.MAX_VALUE - pending.size() ? Integer.MAX_VALUE : limit + pending.size();
        TreeMap<Bytes, byte[]> merged = new TreeMap<>(reverse ? Comparator.<Bytes>reverseOrder()
                : Comparator.<Bytes>naturalOrder());
        for (KeyValue<Bytes, byte[]> entry : store.range(from, to, reverse, fetch)) {
            merged.put(entry.key, entry.value);
        }
        for (Map.Entry<Bytes, byte[]> write : pending.entrySet()) {
            if (write.getValue() == DELETED) {
                merged.remove(write.getKey());
            }
            else {
                merged.put(write.getKey(), write.getValue());
            }
        }
        List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
        for (Map.Entry<Bytes, byte[]> entry : merged.entrySet()) {
            if (found.size() >= limit) {
                break;
            }
            found.add(KeyValue.pair(entry.getKey(), entry.getValue()));
        }
        return found;
    }

    /** Writes every held write to the store, after checking that each record stays within {@code maxRecordBytes}. */
    public void commit(int maxRecordBytes) {
        for (Map.Entry<Bytes, byte[]> write : writes.entrySet()) {
            int bytes = write.getKey().get().length + (write.getValue() == DELETED ? 0 : write.getValue().length);
            if (bytes > maxRecordBytes) {
                writes.clear();
                throw new RecordTooLarge(bytes, maxRecordBytes);
            }
        }
        for (Map.Entry<Bytes, byte[]> write : writes.entrySet()) {
            if (write.getValue() == DELETED) {
                store.delete(write.getKey());
            }
            else {
                store.put(write.getKey(), write.getValue());
            }
        }
        writes.clear();
    }

    public void discard() {
        writes.clear();
    }
}
