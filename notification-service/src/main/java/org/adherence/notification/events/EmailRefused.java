package org.adherence.notification.events;

import java.time.Instant;
import java.util.List;

/**
 * An email the mail server refused for good: that address is not tried again for the alerts it told of. Value of
 * the compacted {@link NotificationTopics#REFUSED_EMAILS}, keyed by patient id, for operators; the delivery log shows
 * it too.
 *
 * @param reply the reply code and enhanced status ({@code 554 5.7.1}), never the server's text
 */
public record EmailRefused(int schemaVersion, String emailKey, String patientId, List<String> alertIds,
                           String recipient, String reply, Instant refusedAt) {

    public static final int SCHEMA_VERSION = 1;

    public EmailRefused {
        alertIds = alertIds == null ? List.of() : List.copyOf(alertIds);
    }
}
