package org.adherence.contracts.json;

import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.core.JacksonException;

/** A Kafka serde for one contract type, using {@link ContractJson}. */
public class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final ContractJsonSerializer WRITER = new ContractJsonSerializer();

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return WRITER.serialize(topic, data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.mapper().readValue(data, type);
        }
        catch (JacksonException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // the contract's mapping is fixed; nothing to configure
    }

    @Override
    public void close() {
        // nothing held
    }
}
