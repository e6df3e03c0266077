package org.adherence.contracts;

import org.adherence.contracts.json.JsonSerde;

/**
 * A Kafka topic with the type of its values. Keys are always the patient id (a UTF-8 string), so that one
 * patient's events stay in order on one partition.
 *
 * @param compacted only the latest value per key matters (profiles, ledgers)
 */
public record Topic<V>(String name, Class<V> valueType, boolean compacted) {

    public JsonSerde<V> valueSerde() {
        return new JsonSerde<>(valueType);
    }
}
