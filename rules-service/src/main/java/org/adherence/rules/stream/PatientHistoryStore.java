package org.adherence.rules.stream;

import org.adherence.contracts.json.JsonSerde;
import org.adherence.rules.history.PatientHistory;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Per-patient state, persistent and backed by a changelog topic so that a restart restores it. */
final class PatientHistoryStore {

    static final String NAME = "patient-history";

    private PatientHistoryStore() {
    }

    static StoreBuilder<KeyValueStore<String, PatientHistory>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(),
                new JsonSerde<>(PatientHistory.class));
    }
}
