package org.adherence.notification.kafka;

import org.adherence.contracts.Topic;

/** The broker did not acknowledge a write to one of this service's topics in time; the caller tries again. */
public class StateNotWrittenException extends RuntimeException {

    public StateNotWrittenException(Topic<?> topic, String key, Throwable cause) {
        super("Kafka did not acknowledge " + key + " on " + topic.name() + ": " + cause.getClass().getSimpleName(),
                cause);
    }
}
