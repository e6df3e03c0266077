package org.adherence.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady open-model load on intake, as patient apps make it: one 25 mg dose per patient, the patients in turn, one
 * request every {@code 1 / rate} seconds whatever the answers to earlier ones are doing, each with its patient's own
 * token. Every request's answer is kept (what the app was told), for the reconciliation with what reached the
 * topics and the mail server.
 */
final class SteadyLoad {

    /** What one request was told. {@code status} is -1 when no HTTP answer came at all. */
    record Answer(String patientId, String eventId, Instant sentAt, Instant answeredAt, int status,
                  Optional<String> retryAfter, String body) {

        boolean accepted() {
            return status == 202;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    private final CountDownLatch answered;

    private final Thread sender;

    private final Instant start;

    private SteadyLoad(FaultStack stack, Patients patients, double perSecond) {
        this.answered = new CountDownLatch(patients.count());
        this.start = Instant.now();
        URI intake = URI.create(stack.intake().baseUrl());
        long periodNanos = (long) (1_000_000_000L / perSecond);
        long startNanos = System.nanoTime();
        this.sender = new Thread(() -> {
            for (int i = 0; i < patients.count(); i++) {
                park(startNanos + i * periodNanos);
                send(intake, patients.id(i));
            }
        }, "steady-load");
        sender.setDaemon(true);
        sender.start();
    }

    /** Starts sending one dose of each patient at {@code perSecond} requests a second. */
    static SteadyLoad start(FaultStack stack, Patients patients, double perSecond) {
        return new SteadyLoad(stack, patients, perSecond);
    }

    Instant startedAt() {
        return start;
    }

    private void send(URI intake, String patientId) {
        String eventId = UUID.randomUUID().toString();
        // "now" as the app says it, a little in the past so that no clock skew makes it a future event
        OffsetDateTime takenAt = OffsetDateTime.now(ZoneOffset.ofHours(1)).minusSeconds(1);
        String body = "{\"eventId\":\"%s\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\"%s\"}"
                .formatted(eventId, takenAt);
        HttpRequest request = HttpRequest.newBuilder(intake.resolve("/api/v1/patients/" + patientId + "/doses"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + Patients.token(patientId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Instant sentAt = Instant.now();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            Instant now = Instant.now();
            if (response != null) {
                answers.add(new Answer(patientId, eventId, sentAt, now, response.statusCode(),
                        response.headers().firstValue("Retry-After"), response.body()));
            }
            else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                answers.add(new Answer(patientId, eventId, sentAt, now, -1, Optional.empty(), cause.toString()));
            }
            answered.countDown();
        });
    }

    private static void park(long dueNanos) {
        long remaining;
        while ((remaining = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** Waits until every request has been sent and answered (or has failed), and returns what each was told. */
    List<Answer> awaitAnswers() throws InterruptedException {
        sender.join();
        if (!answered.await(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(answered.getCount() + " requests neither answered nor failed");
        }
        return List.copyOf(answers);
    }
}
