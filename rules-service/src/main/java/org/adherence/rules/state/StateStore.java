package org.adherence.rules.state;

import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/**
 * The rules' state as ordered byte keys and values (see {@link StateKeys}): Kafka Streams' key-value store in the
 * service, a sorted map in the replay and the tests, so that the same judging runs on both.
 */
public interface StateStore {

    byte[] get(Bytes key);

    void put(Bytes key, byte[] value);

    void delete(Bytes key);

    /** The entries from {@code from} to {@code to} (both inclusive), in key order or reversed; at most {@code limit}. */
    List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to, boolean reverse, int limit);

    default List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to) {
        return range(from, to, false, Integer.MAX_VALUE);
    }
}
