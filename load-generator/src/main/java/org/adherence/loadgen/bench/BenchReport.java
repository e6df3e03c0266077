package org.adherence.loadgen.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.adherence.contracts.json.ContractJson;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tools.jackson.databind.JsonNode;

/**
 * The table and the charts of docs/performance.md, from the JSON each part of {@code ./bench.sh} wrote into one
 * directory: {@code results.md} (each figure, its limit in the same run and the ratio), {@code results.json} (the
 * same rows), {@code intake-latency.png} (latency against throughput as connections grow, the bare endpoint beside
 * intake) and {@code storm-latency.png} (alert to first email by severity in the storm). A part that did not run is
 * left out of the table, and says so.
 */
public final class BenchReport {

    /** One row: what, this project's figure, its limit in the same run, their ratio (or null), the goal. */
    public record Row(String what, String project, String limit, Double ratio, String goal) {
    }

    private final Path dir;

    BenchReport(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length == 2 && args[0].equals("--dir") ? args[1] : "bench-results");
        System.setProperty("java.awt.headless", "true");
        new BenchReport(dir).write();
    }

    void write() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        JsonNode intake = read("intake.json", missing);
        if (intake != null) {
            intakeRows(intake, rows);
            chart("intake-latency.png", () -> intakeChart(intake, dir.resolve("intake-latency.png")));
        }
        JsonNode rules = read("rules.json", missing);
        if (rules != null) {
            rows.add(new Row("rules-service, events a second (" + rules.path("patients").asInt() + " patients x "
                    + rules.path("days").asInt() + " days of history)", perSecond(rules.path("rulesEventsPerSecond")
                    .asDouble(), "events"), "pass-through stream: " + perSecond(rules.path(
                    "passThroughEventsPerSecond").asDouble(), "events"), rules.path("ratio").asDouble(), ">= 0.25"));
        }
        JsonNode throughput = read("notification-throughput.json", missing);
        if (throughput != null) {
            rows.add(new Row("notification-service, emails a second (" + throughput.path("alerts").asInt()
                    + " HIGH alerts, two addresses each)", perSecond(throughput.path("emailsPerSecond").asDouble(),
                    "emails"), "a bare SMTP client: " + perSecond(throughput.path("bareSmtpEmailsPerSecond").asDouble(),
                    "emails"), throughput.path("ratioToBareSmtp").asDouble(), ">= 200 emails/s"));
            rows.add(new Row("notification-service heap after the run", throughput.path("heapUsedMiB").asInt()
                    + " MiB", "-Xmx256m", null, "healthy at 256 MB"));
        }
        JsonNode storm = read("notification-storm.json", missing);
        if (storm != null) {
            stormRows(storm, rows);
            chart("storm-latency.png", () -> stormChart(storm, dir.resolve("storm-latency.png")));
        }
        StringBuilder md = new StringBuilder("| figure | this project | its limit, same run | ratio | goal |\n"
                + "|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.what()).append(" | ").append(row.project()).append(" | ").append(row.limit())
                    .append(" | ").append(row.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", row.ratio()))
                    .append(" | ").append(row.goal()).append(" |\n");
        }
        if (!missing.isEmpty()) {
            md.append("\nNot measured in this run: ").append(String.join(", ", missing)).append(".\n");
        }
        Files.writeString(dir.resolve("results.md"), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.json"), ContractJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("rows", rows, "notMeasured", missing)), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /** A chart that can be drawn; a JRE without fonts (headless, no fontconfig) gets the table without it. */
    private interface Chart {
        void draw() throws IOException;
    }

    private static void chart(String name, Chart chart) throws IOException {
        try {
            chart.draw();
        }
        catch (RuntimeException | Error e) {
            // what a JRE without fonts throws varies (UnsatisfiedLinkError, "No fonts found", an NPE in
            // FontConfiguration); the JVM's own troubles are not this
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            System.err.println("[report] no " + name + ": this JRE cannot draw it (" + e + ")");
        }
    }

    private JsonNode read(String name, List<String> missing) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            missing.add(name);
            return null;
        }
        return ContractJson.mapper().readTree(Files.readString(file));
    }

    private static void intakeRows(JsonNode intake, List<Row> rows) {
        JsonNode bare = null;
        JsonNode project = null;
        for (JsonNode run : intake.path("single")) {
            // the largest number of connections measured: the machine's limit, not the clients'
            if (run.path("name").asText().equals("bare") && (bare == null
                    || run.path("connections").asInt() >= bare.path("connections").asInt())) {
                bare = run;
            }
            if (run.path("name").asText().equals("intake") && (project == null
                    || run.path("connections").asInt() >= project.path("connections").asInt())) {
                project = run;
            }
        }
        if (bare != null && project != null) {
            rows.add(new Row("single-event intake, " + project.path("connections").asInt() + " connections, "
                    + intake.path("patients").asInt() + " patients each with its own token",
                    perSecond(okPerSecond(project), "req") + latency(project),
                    "bare Spring MVC endpoint: " + perSecond(okPerSecond(bare), "req") + latency(bare),
                    okPerSecond(project) / okPerSecond(bare), ">= 0.5"));
        }
        JsonNode after = intake.path("intakeAfterTheLoad");
        if (!after.isMissingNode()) {
            rows.add(new Row("dose-intake-service after the load: readiness, heap", after.path("readiness").asText()
                    .contains("UP") ? "UP, " + after.path("heapUsedMiB").asLong() + " MiB used" : "NOT READY: "
                    + after.path("readiness").asText(), "-Xmx256m", null, "healthy at 256 MB"));
        }
        JsonNode batch = intake.path("batch");
        JsonNode producer = intake.path("producerPerformance");
        if (!batch.isMissingNode() && !producer.isMissingNode()) {
            double events = okPerSecond(batch) * batch.path("items").asInt();
            rows.add(new Row("batch intake, " + batch.path("items").asInt() + " doses a request, "
                    + batch.path("connections").asInt() + " connections", perSecond(events, "events"),
                    "Kafka's ProducerPerformance (" + producer.path("settings").asText() + "): "
                            + perSecond(producer.path("recordsPerSecond").asDouble(), "records"),
                    events / producer.path("recordsPerSecond").asDouble(), ">= 0.5"));
        }
    }

    private static void stormRows(JsonNode storm, List<Row> rows) {
        JsonNode latency = storm.path("alertToFirstEmail");
        JsonNode events = storm.path("events");
        if (!storm.path("answers").isMissingNode()) {
            List<String> answers = new ArrayList<>();
            for (Map.Entry<String, JsonNode> answer : storm.path("answers").properties()) {
                answers.add(answer.getValue().asLong() + (answer.getKey().equals("-1") ? " no answer within 60 s"
                        : " " + answer.getKey()));
            }
            rows.add(new Row("storm through the whole stack on one machine: what intake answered the "
                    + events.path("posted").asLong() + " events posted", String.join(", ", answers), "", null,
                    "every event answered"));
        }
        for (String severity : List.of("CRITICAL", "HIGH", "WARNING")) {
            JsonNode each = latency.path(severity);
            if (each.isMissingNode()) {
                continue;
            }
            String goal = severity.equals("CRITICAL") ? "p99 <= 2 s" : severity.equals("HIGH") ? "p99 <= 10 s"
                    : "grouped (group-wait 1 min)";
            rows.add(new Row("storm (" + events.path("accepted").asLong() + " events accepted in "
                    + events.path("seconds").asDouble() + " s), alert to first email, " + severity,
                    String.format(Locale.ROOT, "p50 %.1f s, p99 %.1f s (%d alerts)", each.path("p50Seconds")
                            .asDouble(), each.path("p99Seconds").asDouble(), each.path("alerts").asLong()),
                    "", null, goal));
        }
        rows.add(new Row("heap of notification-service after the storm", storm.path("heapUsedMiB").asInt() + " MiB",
                "-Xmx256m", null, "healthy at 256 MB"));
    }

    private static double okPerSecond(JsonNode run) {
        long ok = 0;
        for (Map.Entry<String, JsonNode> status : run.path("statuses").properties()) {
            if (status.getKey().startsWith("2")) {
                ok += status.getValue().asLong();
            }
        }
        return ok / run.path("seconds").asDouble();
    }

    private static String perSecond(double value, String what) {
        return String.format(Locale.ROOT, "%,.0f %s/s", value, what);
    }

    private static String latency(JsonNode run) {
        return String.format(Locale.ROOT, " (p50 %.1f ms, p99 %.1f ms)", run.path("latency").path("p50").asDouble(),
                run.path("latency").path("p99").asDouble());
    }

    /** Latency against throughput as the connections grow: each point one number of connections. */
    static void intakeChart(JsonNode intake, Path png) throws IOException {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (JsonNode run : intake.path("single")) {
            String name = run.path("name").asText().equals("bare") ? "bare Spring MVC endpoint" : "dose-intake-service";
            for (String quantile : List.of("p50", "p99")) {
                series.computeIfAbsent(name + " " + quantile, key -> new XYSeries(key, false))
                        .add(okPerSecond(run), run.path("latency").path(quantile).asDouble());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("Single-event POST: latency against throughput "
                        + "(closed loop, connections " + connections(intake) + ")", "requests a second answered 202",
                "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {new Color(0x1f77b4), new Color(0x1f77b4), new Color(0xd62728), new Color(0xd62728)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colours[i % colours.length]);
            renderer.setSeriesStroke(i, i % 2 == 0 ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 540);
    }

    private static String connections(JsonNode intake) {
        List<String> levels = new ArrayList<>();
        for (JsonNode run : intake.path("single")) {
            String level = run.path("connections").asText();
            if (!levels.contains(level)) {
                levels.add(level);
            }
        }
        return String.join(", ", levels);
    }

    /** Alert to first email by severity in the storm, p50 and p99. */
    static void stormChart(JsonNode storm, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, JsonNode> severity : storm.path("alertToFirstEmail").properties()) {
            data.addValue(severity.getValue().path("p50Seconds").asDouble(), "p50", severity.getKey());
            data.addValue(severity.getValue().path("p99Seconds").asDouble(), "p99", severity.getKey());
        }
        JFreeChart chart = ChartFactory.createBarChart("DOUBLE_DOSE storm: alert to first email by severity",
                "severity", "seconds", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 540);
    }
}
