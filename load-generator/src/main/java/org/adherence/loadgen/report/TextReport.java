package org.adherence.loadgen.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.adherence.loadgen.drive.LatencySummary;

/** The report as a plain-text table. */
public final class TextReport {

    private static final String LATENCY_ROW = "  %-28s %8s %9s %9s %9s %9s %9s %9s %9s%n";
    private static final String QUANTILE_ROW = "  %-30s %8s %11s %11s %11s%n";
    private static final String SERVICE_ROW = "  %-22s %12s %12s %13s %12s %12s %8s %7s %12s %10s%n";
    private static final String TIMEOUT = "HttpTimeoutException";

    private TextReport() {
    }

    public static String render(LoadReport report) {
        StringBuilder out = new StringBuilder();
        LoadReport.Run run = report.run();
        LoadReport.Client client = report.client();
        LoadReport.Pipeline pipeline = report.pipeline();

        line(out, "=== load run %s, started %s ===", run.patientPrefix(), run.startedAt());
        line(out, "target          %s events/s for %s: %d events in %d requests (batch size %d), %d patients;"
                        + " warm-up %s before, not counted",
                num(run.targetRate(), 2), run.duration(), client.eventsScheduled(), client.requestsScheduled(),
                run.batchSize(), run.patients(), run.warmup());
        line(out, "mix             %s (seed %d)", run.mix(), run.seed());
        line(out, "intake          %s", run.intake());
        line(out, "machine         %d processors, %s, Java %s; 1-min load average %s at the start, %s at the end",
                run.availableProcessors(), run.os(), run.java(), num(run.loadAverageAtStart(), 2),
                num(run.loadAverageAtEnd(), 2));

        line(out, "");
        line(out, "-- client (this load generator) --");
        line(out, "events sent      %d (%s)", sum(client.eventsSent()), breakdown(client.eventsSent()));
        line(out, "events accepted  %d (%s) answered 202", sum(client.eventsAccepted()),
                breakdown(client.eventsAccepted()));
        line(out, "answers          %s", client.answers().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue() + (e.getKey().equals(TIMEOUT)
                        ? " (each >= timeout " + num(client.requestTimeoutMs(), 0) + " ms)" : ""))
                .collect(Collectors.joining(", ")));
        if (client.unanswered() > 0) {
            line(out, "unanswered       %d requests had neither an answer nor a timeout when the wait ended",
                    client.unanswered());
        }
        client.firstAnswers().forEach((outcome, body) -> line(out, "  first %s: %s", outcome, oneLine(body)));
        line(out, "late sends       %d of %d requests (more than the late threshold after due; max %s ms)",
                client.lateSends(), client.requestsSent(), num(client.maxLatenessMs(), 1));
        line(out, "achieved rate    %s events/s accepted over %s s (schedule start to last answer, plus one"
                        + " inter-arrival gap); target %s -> %s",
                num(client.achievedRate(), 2), num(client.timedSeconds(), 2), num(run.targetRate(), 2),
                num(report.ratios().achievedOverTarget(), 3));
        out.append(String.format(Locale.ROOT, LATENCY_ROW, "latency (ms)", "count", "p50", "p90", "p95", "p99",
                "p99.9", "max", "mean"));
        latencyRow(out, "from due (202 only)", client.latencyFromDue());
        latencyRow(out, "from send (202 only)", client.latencyFromSend());
        if (client.latencyNotAccepted().count() > 0) {
            latencyRow(out, "not 202, from send", client.latencyNotAccepted());
        }
        latencyRow(out, "profile PUT (set-up)", client.profileLatency());
        line(out, "profile answers  %s", client.profileAnswers());
        line(out, "generator CPU    %s s", num(client.generatorCpuSeconds(), 1));

        line(out, "");
        line(out, "-- services: increase between the scrape before and the one after (window %s s) --",
                num(pipeline.windowSeconds(), 1));
        line(out, "settled          %s%s", run.settled()
                        ? "after " + num(run.settledAfterSeconds(), 0) + " s (the counters' last movement after the last"
                        + " answer; quiet " + run.quiet() + ")" : "NO, not within --drain " + run.drain(),
                run.warmupSettled() ? "" : "; the warm-up did NOT settle either");
        line(out, "events accepted  %s (total %s)", counts(pipeline.eventsAccepted()),
                num(total(pipeline.eventsAccepted()), 0));
        line(out, "rejected         %s", counts(pipeline.requestsRejected()));
        line(out, "alerts raised    %s (total %s)", counts(pipeline.alertsBySeverity()),
                num(total(pipeline.alertsBySeverity()), 0));
        line(out, "  by rule        %s", counts(pipeline.alertsByRule()));
        line(out, "emails sent      %s (total %s)", counts(pipeline.emailsSentBySeverity()),
                num(total(pipeline.emailsSentBySeverity()), 0));
        line(out, "  all outcomes   %s", counts(pipeline.notificationsByOutcome()));
        out.append(String.format(Locale.ROOT, QUANTILE_ROW, "latency (ms, from buckets)", "count", "p50", "p95",
                "p99"));
        quantileRow(out, "intake HTTP POST 202 (server)", pipeline.intakeHttpPost());
        quantileRow(out, "request -> Kafka ack, durable", pipeline.requestToKafkaAck());
        line(out, "  (the two rows above: before -> the scrape right after the last answer, %s s)",
                num(pipeline.loadWindowSeconds(), 1));
        quantileRow(out, "event -> alert, all", pipeline.eventToAlert());
        quantileRow(out, "event -> alert, HIGH", pipeline.eventToAlertHigh());
        quantileRow(out, "alert -> email, not INFO", pipeline.alertToEmail());
        quantileRow(out, "alert -> email, HIGH", pipeline.alertToEmailHigh());
        quantileRow(out, "alert -> email, INFO", pipeline.alertToEmailInfo());
        line(out, "  (INFO alerts go into a digest at the end of the patient's local day: not a latency)");
        line(out, "  (\">= X\": the rank fell in +Inf, X is the highest finite bucket bound)");

        line(out, "");
        line(out, "-- services: heap used (MiB, before and after) and CPU over the load window (%s s: before -> last"
                + " answer) --", num(pipeline.loadWindowSeconds(), 1));
        out.append(String.format(Locale.ROOT, SERVICE_ROW, "service", "heap before", "heap after", "after/before",
                "old before", "old after", "CPU s", "cores", "CPU s/1k ev", "CPU s all"));
        for (LoadReport.Service s : report.services()) {
            if (!s.scraped()) {
                line(out, "  %-22s not scraped (%s)", s.application(), s.url());
                continue;
            }
            out.append(String.format(Locale.ROOT, SERVICE_ROW, s.application(), num(s.heapBeforeMiB(), 1),
                    num(s.heapAfterMiB(), 1), num(s.heapAfterMiB() / s.heapBeforeMiB(), 2),
                    num(s.oldGenBeforeMiB(), 1), num(s.oldGenAfterMiB(), 1), num(s.cpuSeconds(), 1),
                    num(s.cpuCores(), 2), num(s.cpuSecondsPer1000Events(), 2), num(s.cpuSecondsWindow(), 1)));
        }

        line(out, "");
        line(out, "-- ratios --");
        LoadReport.Ratios ratios = report.ratios();
        line(out, "  achieved / target rate                       %s", num(ratios.achievedOverTarget(), 3));
        line(out, "  SINGLE_DOSE_ABOVE_MAX per 25 mg dose         %s (expected 1.0)",
                num(ratios.alertsPerOverdose(), 3));
        line(out, "  HIGH emails per HIGH alert                   %s (expected 2.0: physician and caregiver)",
                num(ratios.emailsPerHighAlert(), 3));
        ratios.heapAfterOverBefore().forEach((app, ratio) ->
                line(out, "  heap after / before, %-22s %s", app, num(ratio, 2)));

        if (!report.notes().isEmpty()) {
            line(out, "");
            line(out, "-- notes --");
            report.notes().forEach(note -> line(out, " - %s", note));
        }
        return out.toString();
    }

    static String num(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void latencyRow(StringBuilder out, String name, LatencySummary l) {
        out.append(String.format(Locale.ROOT, LATENCY_ROW, name, l.count(), num(l.p50(), 1), num(l.p90(), 1),
                num(l.p95(), 1), num(l.p99(), 1), num(l.p999(), 1), num(l.max(), 1), num(l.mean(), 1)));
    }

    private static void quantileRow(StringBuilder out, String name, LoadReport.Quantiles q) {
        out.append(String.format(Locale.ROOT, QUANTILE_ROW, name, num(q.count(), 0), quantile(q.p50(), q.p50AtLeast()),
                quantile(q.p95(), q.p95AtLeast()), quantile(q.p99(), q.p99AtLeast())));
    }

    /** A percentile from buckets; one whose rank fell in +Inf is only a lower bound: {@code ">= X"}. */
    static String quantile(double millis, boolean atLeast) {
        String value = num(millis, 1);
        return atLeast && !value.equals("n/a") ? ">= " + value : value;
    }

    private static String counts(Map<String, Double> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + num(e.getValue(), 0))
                .collect(Collectors.joining(", "));
    }

    private static String breakdown(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ");
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
