package org.adherence.intake.event;

/** The answer to one accepted event. */
public record EventAccepted(String eventId) {
}
