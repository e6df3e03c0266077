package org.adherence.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the platform as a real process ({@code java -jar <service>-exec.jar}), configured only through its
 * environment, as {@code ./run-local.sh} and {@code docker compose} configure it.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;

    private final int port;

    private final Path log;

    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String name, Path workDir, Map<String, String> environment) {
        try {
            return start(name, workDir, environment, freePort());
        }
        catch (IOException e) {
            throw new UncheckedIOException("No free port for " + name, e);
        }
    }

    /** Starts the service listening on {@code port}, for a service whose own settings must name its address. */
    static ServiceProcess start(String name, Path workDir, Map<String, String> environment, int port) {
        String jar = System.getProperty("e2e.jar." + name);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("No executable jar for " + name + " (system property e2e.jar." + name
                    + " = " + jar + "); run the tests through Maven so that the services are packaged first");
        }
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", String.valueOf(port));
            return new ServiceProcess(name, port, log, builder.start());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Every line the service has logged so far. */
    List<String> logLines() {
        try {
            return Files.readAllLines(log);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of " + name, e);
        }
    }

    /** What Prometheus would scrape from the service: its {@code /actuator/prometheus} page. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + page.statusCode() + " to a scrape");
        }
        return page.body();
    }

    /** Waits until {@code /actuator/health} answers 200 UP; fails with the tail of the service's log. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            }
            catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
