package org.adherence.intake.problem;

/** The broker did not acknowledge an event in time; the client should post it again later. */
public class EventNotDurableException extends RuntimeException {

    public EventNotDurableException(String message, Throwable cause) {
        super(message, cause);
    }
}
