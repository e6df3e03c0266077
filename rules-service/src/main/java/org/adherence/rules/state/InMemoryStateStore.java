package org.adherence.rules.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/** The state in a sorted map: for the replay command and the tests. */
public final class InMemoryStateStore implements StateStore {

    private final TreeMap<Bytes, byte[]> entries = new TreeMap<>();

    @Override
    public byte[] get(Bytes key) {
        return entries.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        entries.put(key, value);
    }

    @Override
    public void delete(Bytes key) {
        entries.remove(key);
    }

    @Override
    public List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to, boolean reverse, int limit) {
        if (from.compareTo(to) > 0) {
            return List.of();
        }
        NavigableMap<Bytes, byte[]> span = entries.subMap(from, true, to, true);
        List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
        for (Map.Entry<Bytes, byte[]> entry : (reverse ? span.descendingMap() : span).entrySet()) {
            if (found.size() >= limit) {
                break;
            }
            found.add(KeyValue.pair(entry.getKey(), entry.getValue()));
        }
        return found;
    }

    /** Every entry, in key order: what a test inspects. */
    public NavigableMap<Bytes, byte[]> entries() {
        return java.util.Collections.unmodifiableNavigableMap(entries);
    }
}
