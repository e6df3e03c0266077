package org.adherence.notification.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.adherence.notification.sending.EmailDispatch;
import org.adherence.notification.sending.SendJob;

/** The senders, for topology tests: records what is handed out; a test plays the mail server's answers back. */
final class RecordingDispatch implements EmailDispatch {

    final List<SendJob> offered = new ArrayList<>();

    final List<String> released = new ArrayList<>();

    /** The emails the senders still hold (their results not yet recorded). */
    final java.util.Set<String> held = new java.util.HashSet<>();

    /** How many more jobs it takes; unlimited by default. */
    int capacity = Integer.MAX_VALUE;

    @Override
    public boolean offer(SendJob job, Instant now) {
        if (capacity <= 0) {
            return false;
        }
        capacity--;
        offered.add(job);
        return true;
    }

    @Override
    public void release(String taskId) {
        released.add(taskId);
    }

    @Override
    public int room(org.adherence.notification.sending.Lane lane, Instant now) {
        return Math.max(capacity, 0);
    }

    @Override
    public boolean holds(String emailKey) {
        return held.contains(emailKey);
    }

    @Override
    public void settled(String emailKey, int attempt) {
        held.remove(emailKey);
    }

    /** The jobs handed out so far, and forgets them. */
    List<SendJob> take() {
        List<SendJob> jobs = List.copyOf(offered);
        offered.clear();
        return jobs;
    }
}
