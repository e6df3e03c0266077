package org.adherence.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table takes each figure with its limit from the same run, and says what was not measured. */
class BenchReportTest {

    @TempDir
    Path dir;

    @Test
    void eachFigureStandsBesideItsLimitWithTheRatio() throws Exception {
        Files.writeString(dir.resolve("intake.json"), """
                {"patients": 200, "single": [
                  {"name": "bare", "connections": 8, "items": 1, "seconds": 10.0, "statuses": {"202": 100000},
                   "latency": {"p50": 0.5, "p99": 2.0}},
                  {"name": "intake", "connections": 8, "items": 1, "seconds": 10.0, "statuses": {"202": 10000},
                   "latency": {"p50": 2.0, "p99": 9.0}},
                  {"name": "bare", "connections": 128, "items": 1, "seconds": 10.0, "statuses": {"202": 200000},
                   "latency": {"p50": 5.0, "p99": 20.0}},
                  {"name": "intake", "connections": 128, "items": 1, "seconds": 10.0,
                   "statuses": {"202": 50000, "503": 7}, "latency": {"p50": 30.0, "p99": 90.0}}],
                 "batch": {"name": "intake-batch", "connections": 8, "items": 100, "seconds": 10.0,
                   "statuses": {"202": 5000}, "latency": {"p50": 15.0, "p99": 40.0}},
                 "producerPerformance": {"settings": "acks=all", "recordsPerSecond": 125000.0}}
                """, StandardCharsets.UTF_8);

        new BenchReport(dir).write();

        String table = Files.readString(dir.resolve("results.md"));
        assertThat(table)
                .contains("| single-event intake, 128 connections, 200 patients each with its own token | 5,000 req/s "
                        + "(p50 30.0 ms, p99 90.0 ms) | bare Spring MVC endpoint: 20,000 req/s (p50 5.0 ms, p99 20.0 ms) "
                        + "| 0.25 | >= 0.5 |")
                .contains("| 50,000 events/s | Kafka's ProducerPerformance (acks=all): 125,000 records/s | 0.40 |")
                .contains("Not measured in this run: rules.json, notification-throughput.json, "
                        + "notification-storm.json.");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"ratio\" : 0.25");
    }

    @Test
    void theLatencyChartIsAPng() throws Exception {
        assumeTrue(fontsAvailable(), "this JDK has no fonts to draw text with (a headless JRE without fontconfig)");
        Files.writeString(dir.resolve("intake.json"), """
                {"single": [{"name": "bare", "connections": 8, "seconds": 1.0, "statuses": {"202": 10},
                             "latency": {"p50": 1.0, "p99": 2.0}}]}
                """, StandardCharsets.UTF_8);

        new BenchReport(dir).write();

        byte[] png = Files.readAllBytes(dir.resolve("intake-latency.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    private static boolean fontsAvailable() {
        try {
            System.setProperty("java.awt.headless", "true");
            return GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0;
        }
        catch (Throwable e) {
            return false;
        }
    }
}
