package org.adherence.contracts.json;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.core.JacksonException;

/** Writes any contract record with {@link ContractJson}; for producers that publish to several topics. */
public class ContractJsonSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.mapper().writeValueAsBytes(data);
        }
        catch (JacksonException e) {
            throw new SerializationException("Cannot write " + data.getClass().getSimpleName() + " to " + topic, e);
        }
    }
}
