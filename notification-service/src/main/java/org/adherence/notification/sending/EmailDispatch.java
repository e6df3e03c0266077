package org.adherence.notification.sending;

import java.time.Instant;

/**
 * What the topology sees of the senders: it hands emails out, and learns what became of each from the send-results
 * topic, never from a call back. Implemented by {@link SenderPool}; tests of the topology record the jobs instead.
 */
public interface EmailDispatch {

    /**
     * Takes an email to send, unless its lane is full, or the mail server refuses sessions or cannot be reached
     * (then one email now and then is taken, the probe, so that nothing is handed out only to fail). False: hand it
     * out later. Never blocks.
     */
    boolean offer(SendJob job, Instant now);

    /**
     * How many emails of a lane {@link #offer} would take now (a hint: it may still refuse one): none while the lane is
     * full or the mail server refuses sessions, one when the probe is due. The topology reads no more of its outbox.
     */
    int room(Lane lane, Instant now);

    /**
     * A task is closing (its partition moves, or the service stops): its emails not started yet are given back
     * (results {@code RELEASED}, so that whoever owns the partition next need not wait out their leases), and its
     * emails being sent are waited for, within the configured time.
     */
    void release(String taskId);

    /**
     * Whether an email is still in this instance's hands: queued, being sent, or its outcome not yet read back from the
     * send-results topic (a broker failing over, or a stream thread behind, can take longer than a lease). Its lease is not over while it is:
     * handing it out again then would send it twice.
     */
    boolean holds(String emailKey);

    /**
     * The topology has read the result of an attempt at an email: it is no longer in the senders' hands. Until then it is, even once
     * its result is on the topic: a stream thread behind on its results would otherwise take the lease as ended.
     */
    void settled(String emailKey, int attempt);
}
