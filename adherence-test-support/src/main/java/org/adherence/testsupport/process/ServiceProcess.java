package org.adherence.testsupport.process;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of a service of the platform as a real process ({@code java -jar <service>-exec.jar}), configured only
 * through its environment, as {@code ./run-local.sh} and {@code docker compose} configure it. It can be stopped
 * gracefully (SIGTERM), killed ({@code kill -9}: SIGKILL, no shutdown hook runs) and started again with the same
 * environment, port and log file.
 * <p>
 * The executable jar of a service is named by the system property {@code service.jar.<service>}, which the test
 * module's build sets from its dependencies (classifier {@code exec}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    private final String service;

    private final String instance;

    private final int port;

    private final Path workDir;

    private final Path log;

    private final Map<String, String> environment;

    private volatile Process process;

    private ServiceProcess(String service, String instance, int port, Path workDir, Map<String, String> environment) {
        this.service = service;
        this.instance = instance;
        this.port = port;
        this.workDir = workDir;
        this.log = workDir.resolve(instance + ".log");
        this.environment = Map.copyOf(environment);
    }

    /** Starts an instance named as its service, on a free port. */
    public static ServiceProcess start(String service, Path workDir, Map<String, String> environment) {
        return start(service, service, workDir, environment, freePort());
    }

    /** Starts the service listening on {@code port}, for a service whose own settings must name its address. */
    public static ServiceProcess start(String service, Path workDir, Map<String, String> environment, int port) {
        return start(service, service, workDir, environment, port);
    }

    /**
     * Starts one instance of a service; {@code instance} names its log file ({@code <workDir>/<instance>.log}), so
     * that two instances of a service in one directory keep apart.
     */
    public static ServiceProcess start(String service, String instance, Path workDir, Map<String, String> environment,
                                       int port) {
        ServiceProcess started = new ServiceProcess(service, instance, port, workDir, environment);
        started.launch();
        return started;
    }

    /** The executable jar of a service, from the system property the build sets. */
    public static Path jar(String service) {
        String jar = System.getProperty("service.jar." + service);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("No executable jar for " + service + " (system property service.jar."
                    + service + " = " + jar + "); run the tests through Maven so that the services are packaged "
                    + "first");
        }
        return Path.of(jar);
    }

    private void launch() {
        try {
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-jar", jar(service).toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    // appended: a restarted instance keeps the lines of its previous life
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", String.valueOf(port));
            process = builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + instance, e);
        }
    }

    public String service() {
        return service;
    }

    /** The instance's own name (its log file's), the service's name for a service's only instance. */
    public String name() {
        return instance;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The environment it was started with (without {@code SERVER_PORT}). */
    public Map<String, String> environment() {
        return new LinkedHashMap<>(environment);
    }

    /** Every line the instance has logged so far, over all its lives. */
    public List<String> logLines() {
        try {
            return Files.readAllLines(log);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of " + instance, e);
        }
    }

    /** What Prometheus would scrape from the instance: its {@code /actuator/prometheus} page. */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException(instance + " answered " + page.statusCode() + " to a scrape");
        }
        return page.body();
    }

    /**
     * Waits until the instance is ready ({@code /actuator/health/readiness} answers 200 UP, as an orchestrator and
     * {@code ./run-local.sh} wait); fails with the tail of the instance's log.
     */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(instance + " exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
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
        throw new IllegalStateException(instance + " not ready within " + timeout + "\n" + logTail());
    }

    /** The last 60 lines of its log. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * {@code kill -9}: SIGKILL, so that no shutdown hook, no graceful close of a Kafka client and no last commit
     * runs; returns once the process is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(instance + " survived SIGKILL for 30 s");
        }
    }

    /** Starts the instance again, as before (same environment, port and log file); after {@link #kill} or close. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        launch();
    }

    /** SIGTERM, and SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
