package org.adherence.notification.ack;

import java.time.Instant;

/**
 * Who acknowledged an alert first, and when: the first press of a button (or of the console's) that the topology took
 * in wins, on every instance and every replay.
 *
 * @param requestId the press that won, so that a page can tell its own press from someone else's
 * @param via       {@code console} or {@code email}; null in a record written before the console
 * @param reason    the clinician's reason (console only); null when none. Never logged
 */
public record Acknowledged(String by, Instant at, String requestId, String via, String reason) {

    @Override
    public String toString() {
        return "Acknowledged[at=" + at + ", requestId=" + requestId + ", via=" + via + "]";
    }
}
