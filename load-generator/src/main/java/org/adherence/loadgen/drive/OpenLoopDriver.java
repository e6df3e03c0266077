package org.adherence.loadgen.drive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.adherence.loadgen.schedule.ArrivalSchedule;
import org.adherence.loadgen.workload.PlannedRequest;
import org.adherence.loadgen.workload.Workload;

/**
 * Sends the run's requests at the times the schedule says, each without waiting for any answer (an open model: slow
 * answers do not slow the arrivals down, they pile up as requests in flight). A request that leaves later than it
 * was due (the sending thread or the machine could not keep up) is counted as late; its latency still counts from
 * when it was due.
 */
public final class OpenLoopDriver {

    private static final int ANSWER_EXCERPT = 300;

    private final HttpClient client;
    private final URI intake;
    private final Duration requestTimeout;

    public OpenLoopDriver(HttpClient client, URI intake, Duration requestTimeout) {
        this.client = client;
        this.intake = intake;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Runs the schedule from {@code startNanos} ({@link System#nanoTime()}), {@code startWall} in wall-clock time.
     *
     * @return the requests that had neither an answer nor a failure when the wait for them ended (0 normally)
     */
    public long run(ArrivalSchedule schedule, Workload workload, ClientStats stats, long startNanos, Instant startWall)
            throws InterruptedException {
        long requests = schedule.requestCount();
        CountDownLatch answered = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, requests));
        stats.scheduleStarts(startNanos);
        for (long j = 0; j < requests; j++) {
            long offset = schedule.dueOffsetNanos(j);
            long due = startNanos + offset;
            PlannedRequest planned = workload.next(schedule.eventsInRequest(j), startWall.plusNanos(offset));
            HttpRequest request = HttpRequest.newBuilder(intake.resolve(planned.path()))
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + planned.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(planned.body()))
                    .build();
            parkUntil(due);
            long sent = System.nanoTime();
            stats.sent(planned, due, sent);
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                if (response != null) {
                    String status = String.valueOf(response.statusCode());
                    stats.answered(planned, due, sent, now, status, excerpt(response.body()));
                }
                else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    stats.answered(planned, due, sent, now, cause.getClass().getSimpleName(), cause.getMessage());
                }
                answered.countDown();
            });
        }
        // every request either answers or times out within requestTimeout; the margin covers connection set-up
        // (a miss is reported as a note by the caller, so that the run still gets its report)
        if (!answered.await(requestTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            return answered.getCount();
        }
        return 0;
    }

    static void parkUntil(long dueNanos) {
        long remaining;
        while ((remaining = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    private static String excerpt(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= ANSWER_EXCERPT ? body : body.substring(0, ANSWER_EXCERPT) + "...";
    }
}
