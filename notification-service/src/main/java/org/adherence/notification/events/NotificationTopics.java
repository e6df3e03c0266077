package org.adherence.notification.events;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;

/**
 * The one place that names this service's own topics. Every one is keyed by patient id and has the partition count of
 * the public topics, so that a patient's alerts, profile, acknowledgements and send results meet in one task.
 */
public final class NotificationTopics {

    /** The application id of the Kafka Streams topology: its consumer group, and the prefix of its internal topics. */
    public static final String APPLICATION_ID = "notification-service";

    /** Presses of an acknowledgement button, written by the page, decided by the topology (the first one wins). */
    public static final Topic<AckRequested> ACK_REQUESTS =
            new Topic<>("notification-service.ack-requests", AckRequested.class, false);

    /** What became of each email handed to a sender, written right after the mail server's answer. */
    public static final Topic<SendResult> SEND_RESULTS =
            new Topic<>("notification-service.send-results", SendResult.class, false);

    /** Compacted, keyed by patient id: the addresses the mail server refused for good, per email. */
    public static final Topic<EmailRefused> REFUSED_EMAILS =
            new Topic<>("notification-service.refused-emails", EmailRefused.class, true);

    /** Alert records that cannot be read (not JSON, or a rule or severity this version does not know), raw. */
    public static final String ALERTS_DEAD_LETTER = deadLetterTopicOf(Topics.ALERTS.name());

    private NotificationTopics() {
    }

    /** Where the records of an input topic that cannot be read go: {@code error.<topic>.<application id>}. */
    public static String deadLetterTopicOf(String topic) {
        return "error." + topic + "." + APPLICATION_ID;
    }
}
