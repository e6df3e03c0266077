package org.adherence.rules.stream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The rules' state: one persistent key-value store of small records (see {@code state.StateKeys}), changelogged to
 * {@code <application-id>-rules-state-changelog}, so that a restart restores it. Cached: a burst of one patient's
 * events writes its summary and due entry once per commit, not once per event.
 */
public final class RulesState {

    public static final String NAME = "rules-state";

    /** The largest record the judging may write; the largest it writes by the event limits is a finding of ~18 KiB. */
    static final int MAX_RECORD_BYTES = 64 * 1024;

    private RulesState() {
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }
}
