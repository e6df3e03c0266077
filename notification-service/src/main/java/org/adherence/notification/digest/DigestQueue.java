package org.adherence.notification.digest;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertQueuedForDigest;
import org.adherence.notification.kafka.KafkaBackedMap;
import org.springframework.kafka.core.KafkaOperations;

/** The INFO alerts waiting for their patient's daily digest, by alert id, in a compacted topic. */
public class DigestQueue extends KafkaBackedMap<AlertQueuedForDigest> {

    public DigestQueue(KafkaOperations<String, AlertQueuedForDigest> kafka) {
        super(Topics.NOTIFICATION_DIGEST_QUEUE, kafka);
    }
}
