package org.adherence.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A service under measurement: its own JVM, its log in a file, its CPU time read from /proc, its metrics scraped. */
final class BenchProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;

    private final int port;

    private BenchProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BenchProcess start(Path jar, int port, Path log, List<String> jvm, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new BenchProcess(process, port);
    }

    /** Seconds of CPU the process has used (user + system), from /proc/<pid>/stat. */
    double cpuSeconds() throws IOException {
        String[] stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"))
                .substring(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")).lastIndexOf(')')
                        + 2).split(" ");
        // fields 14 and 15 (utime, stime) in clock ticks; after the ") " they are at 11 and 12
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of one series of the scrape (the first line that starts with {@code series}), or NaN. */
    double metric(String series) {
        try {
            String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return scrape.lines().filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
        catch (IOException e) {
            return Double.NaN;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A clean stop (SIGTERM): Kafka Streams closes its tasks and writes its checkpoints. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
