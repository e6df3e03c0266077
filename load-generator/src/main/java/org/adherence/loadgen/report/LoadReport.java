package org.adherence.loadgen.report;

import java.util.List;
import java.util.Map;

import org.adherence.loadgen.drive.LatencySummary;

/** Everything a run measured; printed by {@link TextReport}, written as JSON with {@code --report-json}. */
public record LoadReport(Run run, Client client, Pipeline pipeline, List<Service> services, Ratios ratios,
                         List<String> notes) {

    /** What was asked for, and where it ran; the load averages are the machine's 1-minute ones (all processes). */
    public record Run(String startedAt, String intake, int patients, String patientPrefix, double targetRate,
                      String duration, String warmup, int batchSize, String mix, long seed, int availableProcessors,
                      double loadAverageAtStart, double loadAverageAtEnd, String os, String java,
                      String quiet, String drain, boolean warmupSettled, boolean settled,
                      double settledAfterSeconds) {
    }

    /**
     * What the client saw. {@code achievedRate} is the events answered 202 per second of the timed phase (from the
     * schedule's start, the first due time, to the last answer, plus one inter-arrival gap). {@code latencyFromDue}
     * and {@code latencyFromSend} hold the 202 answers only; every other outcome (another status, a timeout, a
     * connection failure) is in {@code latencyNotAccepted} (from send), a timed-out request there at the timeout,
     * which is a lower bound ({@code >= requestTimeoutMs}). {@code unanswered}: requests with neither an answer nor a
     * failure when the driver stopped waiting.
     */
    public record Client(long eventsScheduled, long requestsScheduled, long requestsSent,
                         Map<String, Long> eventsSent, Map<String, Long> eventsAccepted, long lateSends,
                         double maxLatenessMs, Map<String, Long> answers, Map<String, String> firstAnswers,
                         double sendSpanSeconds, double timedSeconds, double achievedRate,
                         LatencySummary latencyFromDue, LatencySummary latencyFromSend,
                         LatencySummary latencyNotAccepted, double requestTimeoutMs, long unanswered,
                         Map<String, Long> profileAnswers, LatencySummary profileLatency,
                         double generatorCpuSeconds) {
    }

    /**
     * Percentiles of a histogram's {@code _bucket} increase, in milliseconds, as histogram_quantile computes them. A
     * {@code ...AtLeast} flag says the rank fell in {@code +Inf}: the value is the highest finite bound, a lower bound.
     */
    public record Quantiles(double count, double p50, double p95, double p99, boolean p50AtLeast, boolean p95AtLeast,
                            boolean p99AtLeast) {
    }

    /**
     * What the services counted between the scrape before the timed phase and the one after it settled; the intake
     * latencies ({@code intakeHttpPost}, 202 answers only, and {@code requestToKafkaAck}, durable only) are over the
     * load window, from "before" to the scrape right after the last answer ({@code loadWindowSeconds}).
     * {@code alertToEmail} leaves INFO out (digests wait for the local day's end); {@code alertToEmailInfo} is INFO.
     */
    public record Pipeline(double windowSeconds, double loadWindowSeconds, Map<String, Double> eventsAccepted,
                           Map<String, Double> requestsRejected, Map<String, Double> alertsByRule,
                           Map<String, Double> alertsBySeverity, Map<String, Double> emailsSentBySeverity,
                           Map<String, Double> notificationsByOutcome, Quantiles intakeHttpPost,
                           Quantiles requestToKafkaAck, Quantiles eventToAlert, Quantiles eventToAlertHigh,
                           Quantiles alertToEmail, Quantiles alertToEmailHigh, Quantiles alertToEmailInfo) {
    }

    /**
     * One service's heap used (jvm_memory_used_bytes{area="heap"} summed over the pools; the old generation's pool
     * alone, which young collections do not empty, as {@code oldGen}) and CPU: {@code cpuSeconds}/{@code cpuCores}
     * over the load window (from "before" to the scrape right after the last answer), {@code cpuSecondsPer1000Events}
     * the same CPU seconds per 1000 events accepted by the client, {@code cpuSecondsWindow} over the whole window
     * (settling included). {@code restarted}: process_start_time_seconds changed between the scrapes.
     */
    public record Service(String application, String url, boolean scraped, double heapBeforeMiB,
                          double heapAfterMiB, double oldGenBeforeMiB, double oldGenAfterMiB, double cpuSeconds,
                          double cpuCores, double cpuSecondsPer1000Events, double cpuSecondsWindow,
                          boolean restarted) {
    }

    /**
     * @param alertsPerOverdose    SINGLE_DOSE_ABOVE_MAX alerts per 25 mg dose answered 202 (1.0 expected)
     * @param emailsPerHighAlert   HIGH emails sent per HIGH alert raised (2.0 expected: physician and caregiver)
     * @param heapAfterOverBefore  by application
     */
    public record Ratios(double achievedOverTarget, double alertsPerOverdose, double emailsPerHighAlert,
                         Map<String, Double> heapAfterOverBefore) {
    }
}
