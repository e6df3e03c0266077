package org.adherence.notification.ack;

import java.time.Instant;

/**
 * Who acknowledged an alert first, and when: the first press of a button that the topology took in wins, on every
 * instance and every replay.
 *
 * @param requestId the press that won, so that a page can tell its own press from someone else's
 */
public record Acknowledged(String by, Instant at, String requestId) {
}
