package org.adherence.intake.clinic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How far the view has read each partition of the profiles topic, for a request that waits until the view has seen
 * the record it wrote. Advanced by the global stream thread, awaited by request threads; the waiters are the
 * requests in flight, each removed when it completes or times out.
 */
final class SeenOffsets {

    private final Map<Integer, Long> seen = new HashMap<>();

    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(int partition, long offset, CompletableFuture<Void> seen) {
    }

    synchronized void seen(int partition, long offset) {
        seen.merge(partition, offset, Math::max);
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.partition == partition && waiter.offset <= offset) {
                it.remove();
                waiter.seen.complete(null);
            }
        }
    }

    /** Completes once the record at {@code offset} of {@code partition} (or a later one) has been applied. */
    CompletableFuture<Void> await(int partition, long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (seen.getOrDefault(partition, -1L) >= offset) {
                return CompletableFuture.completedFuture(null);
            }
            Waiter waiter = new Waiter(partition, offset, done);
            waiters.add(waiter);
            done.whenComplete((result, timedOut) -> forget(waiter));
        }
        return done;
    }

    private synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
