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
                      double loadAverageAtStart, double loadAverageAtEnd, String os, String java) {
    }

    /**
     * What the client saw. {@code achievedRate} is the events answered 202 per second of the timed phase (from the
     * first due time to the last answer).
     */
    public record Client(long eventsScheduled, long requestsScheduled, long requestsSent,
                         Map<String, Long> eventsSent, Map<String, Long> eventsAccepted, long lateSends,
                         double maxLatenessMs, Map<String, Long> answers, Map<String, String> firstAnswers,
                         double sendSpanSeconds, double timedSeconds, double achievedRate,
                         LatencySummary latencyFromDue, LatencySummary latencyFromSend,
                         Map<String, Long> profileAnswers, LatencySummary profileLatency,
                         double generatorCpuSeconds) {
    }

    /** Percentiles of a histogram's {@code _bucket} increase, in milliseconds, as histogram_quantile computes them. */
    public record Quantiles(double count, double p50, double p95, double p99) {
    }

    /** What the services counted between the scrape before the timed phase and the one after it settled. */
    public record Pipeline(double windowSeconds, Map<String, Double> eventsAccepted,
                           Map<String, Double> requestsRejected, Map<String, Double> alertsByRule,
                           Map<String, Double> alertsBySeverity, Map<String, Double> emailsSentBySeverity,
                           Map<String, Double> notificationsByOutcome, Quantiles intakeHttpPost,
                           Quantiles requestToKafkaAck, Quantiles eventToAlert, Quantiles eventToAlertHigh,
                           Quantiles alertToEmail, Quantiles alertToEmailHigh) {
    }

    /**
     * One service's heap used (jvm_memory_used_bytes{area="heap"} summed over the pools; the old generation's pool
     * alone, which young collections do not empty, as {@code oldGen}) and CPU over the window.
     */
    public record Service(String application, String url, boolean scraped, double heapBeforeMiB,
                          double heapAfterMiB, double oldGenBeforeMiB, double oldGenAfterMiB, double cpuSeconds,
                          double cpuCores) {
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
