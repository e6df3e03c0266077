package org.adherence.loadgen.drive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.adherence.contracts.json.ContractJson;
import org.adherence.loadgen.workload.SyntheticPatients;

/**
 * Puts every patient's profile with a care-team token before the timed run, a bounded number at a time (enrolment is
 * set-up, not the load under test), so that alerts find a care team to mail.
 */
public final class ProfileSetup {

    /** The outcome of the set-up: answers by status (or exception name) and the latency of the PUTs. */
    public record Result(Map<String, Long> outcomes, LatencySummary latency, Map<String, String> firstAnswers) {

        public long accepted() {
            return outcomes.getOrDefault("202", 0L);
        }
    }

    private final HttpClient client;
    private final URI intake;
    private final Duration requestTimeout;
    private final int concurrency;

    public ProfileSetup(HttpClient client, URI intake, Duration requestTimeout, int concurrency) {
        this.client = client;
        this.intake = intake;
        this.requestTimeout = requestTimeout;
        this.concurrency = concurrency;
    }

    public Result putAll(SyntheticPatients patients, String careTeamToken, LocalDate today)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        Histogram micros = new SynchronizedHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, String> firstAnswers = new ConcurrentHashMap<>();
        for (int p = 0; p < patients.count(); p++) {
            HttpRequest request = HttpRequest.newBuilder(intake.resolve("/api/v1/patients/" + patients.id(p)))
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + careTeamToken)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(
                            ContractJson.mapper().writeValueAsBytes(patients.profile(p, today))))
                    .build();
            permits.acquire();
            long start = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), (System.nanoTime() - start) / 1000));
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String outcome = response != null ? String.valueOf(response.statusCode())
                        : cause.getClass().getSimpleName();
                outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                if (response == null || response.statusCode() != 202) {
                    firstAnswers.putIfAbsent(outcome, response != null ? response.body() : String.valueOf(cause));
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        return new Result(counts, LatencySummary.of(micros), new TreeMap<>(firstAnswers));
    }
}
