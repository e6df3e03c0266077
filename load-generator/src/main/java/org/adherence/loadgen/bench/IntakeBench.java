package org.adherence.loadgen.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adherence.contracts.json.ContractJson;
import org.adherence.loadgen.auth.Hs256Jwt;
import org.adherence.loadgen.drive.ProfileSetup;
import org.adherence.loadgen.workload.SyntheticPatients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Intake against the machinery under it, side by side in one run (issue 14):
 * <ul>
 *   <li><b>single events</b>: the bare endpoint ({@code bench.bare.BareEndpoint}) and dose-intake-service, each driven
 *   by the same closed loop at each number of connections, one after the other, 200 patients each with its own
 *   token;</li>
 *   <li><b>batches</b> of 100 doses, against Kafka's own {@code ProducerPerformance} with intake's producer settings
 *   (acks=all, idempotent, linger.ms=5) and records of the size intake writes, on a topic shaped like
 *   {@code adherence.dose-events}.</li>
 * </ul>
 * Writes {@code intake.json} into {@code --out}.
 */
public final class IntakeBench {

    private static final Pattern PRODUCER_PERFORMANCE = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private final Map<String, String> options;

    private final PrintStream out = System.out;

    private IntakeBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("kafka-libs")) {
            System.err.println("""
                    usage: IntakeBench --kafka-libs local-stack/target/kafka/libs [--bare http://localhost:18080]
                                       [--intake http://localhost:8080] [--secret-file .local/dev-jwt-secret]
                                       [--bootstrap localhost:9092] [--connections 8,32,128] [--patients 200]
                                       [--jit-warmup PT40S] [--warmup PT5S] [--measure PT20S]
                                       [--batch-connections 8] [--batch-size 100]
                                       [--producer-records 1000000] [--parts bare,intake,batch,producer]
                                       [--bare-process BareEndpoint] [--intake-process dose-intake-service-]
                                       [--out bench-results]""");
            System.exit(2);
        }
        new IntakeBench(options).run();
    }

    private String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    private void run() throws Exception {
        URI bare = URI.create(option("bare", "http://localhost:18080"));
        URI intake = URI.create(option("intake", "http://localhost:8080"));
        Duration warmup = Duration.parse(option("warmup", "PT5S"));
        Duration measure = Duration.parse(option("measure", "PT20S"));
        Path outDir = Path.of(option("out", "bench-results"));
        Files.createDirectories(outDir);

        Hs256Jwt jwt = new Hs256Jwt(Files.readString(Path.of(option("secret-file", ".local/dev-jwt-secret"))).trim());
        Instant now = Instant.now();
        String prefix = "ib-" + Long.toString(now.getEpochSecond(), 36);
        SyntheticPatients patients = new SyntheticPatients(prefix, Integer.parseInt(option("patients", "200")), jwt,
                now.minusSeconds(60), now.plus(Duration.ofHours(4)));
        enrol(intake, jwt, patients, now);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("at", now.toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("patients", patients.count());
        report.put("warmup", warmup.toString());
        report.put("measure", measure.toString());

        List<String> parts = List.of(option("parts", "bare,intake,batch,producer").split(","));
        // the JIT first: under a load that takes both cores its compiler threads get little of them, and a server
        // measured cold measures the interpreter (intake went from 560 to 1,750 requests a second over its first
        // minute, the bare endpoint from 3,000 to 20,000)
        Duration jit = Duration.parse(option("jit-warmup", "PT40S"));
        report.put("jitWarmup", jit.toString());
        if (!jit.isZero()) {
            out.println("[intake-bench] warming up each server's JIT for " + jit);
            for (String part : List.of("bare", "intake")) {
                if (parts.contains(part)) {
                    URI target = part.equals("bare") ? bare : intake;
                    ClosedLoop.run(part, target, 32, 1, jit, Duration.ZERO, singleDoses(target, patients));
                }
            }
            if (parts.contains("batch")) {
                ClosedLoop.run("batch", intake, 8, 100, jit.dividedBy(2), Duration.ZERO, batches(intake, patients,
                        100));
            }
        }
        List<ClosedLoop.Result> single = new ArrayList<>();
        for (String each : option("connections", "8,32,128").split(",")) {
            int connections = Integer.parseInt(each.trim());
            if (parts.contains("bare")) {
                single.add(print(ClosedLoop.run("bare", bare, connections, 1, warmup, measure,
                        singleDoses(bare, patients), ClosedLoop.processNamed(option("bare-process", "BareEndpoint")))));
            }
            if (parts.contains("intake")) {
                single.add(print(ClosedLoop.run("intake", intake, connections, 1, warmup, measure,
                        singleDoses(intake, patients), intakeProcess())));
            }
        }
        report.put("single", single);
        if (parts.contains("batch")) {
            int batchSize = Integer.parseInt(option("batch-size", "100"));
            report.put("batch", print(ClosedLoop.run("intake-batch", intake,
                    Integer.parseInt(option("batch-connections", "8")), batchSize, warmup, measure,
                    batches(intake, patients, batchSize), intakeProcess())));
        }
        report.put("intakeAfterTheLoad", health(intake));
        if (parts.contains("producer")) {
            report.put("producerPerformance", producerPerformance());
        }

        Files.writeString(outDir.resolve("intake.json"),
                ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report),
                StandardCharsets.UTF_8);
        out.println("[intake-bench] wrote " + outDir.resolve("intake.json"));
    }

    private void enrol(URI intake, Hs256Jwt jwt, SyntheticPatients patients, Instant now) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ProfileSetup.Result enrolled = new ProfileSetup(http, intake, Duration.ofSeconds(30), 16)
                .putAll(patients, jwt.careTeam("intake-bench", now.minusSeconds(60), now.plusSeconds(3600)),
                        LocalDate.now(ZoneOffset.UTC));
        if (enrolled.accepted() != patients.count()) {
            throw new IllegalStateException("enrolling the bench's patients: " + enrolled.outcomes() + " "
                    + enrolled.firstAnswers());
        }
    }

    /**
     * Whether intake is still ready after the load, and its heap: the most of {@code jvm_memory_used_bytes} over the
     * heap's pools is not a figure G1 gives at once, so the sum of the pools now, after the load (what stays).
     */
    private static Map<String, Object> health(URI intake) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("readiness", http.send(java.net.http.HttpRequest.newBuilder(intake.resolve(
                "/actuator/health/readiness")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        String scrape = http.send(java.net.http.HttpRequest.newBuilder(intake.resolve("/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        double max = 0;
        for (String line : scrape.lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                max += Math.max(0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        health.put("heapUsedMiB", Math.round(heap / (1 << 20)));
        health.put("heapMaxMiB", Math.round(max / (1 << 20)));
        return health;
    }

    /** dose-intake-service's process, when it runs on this machine (its CPU time per request is reported). */
    private ProcessHandle intakeProcess() {
        return ClosedLoop.processNamed(option("intake-process", "dose-intake-service-"));
    }

    private ClosedLoop.Result print(ClosedLoop.Result result) {
        out.printf("[intake-bench] %-12s %4d connections: %,9.0f req/s %,9.0f events/s  p50 %7.2f ms  p99 %7.2f ms  "
                        + "server CPU %s µs/req  %s%n", result.name(), result.connections(), result.okPerSecond(),
                result.itemsPerSecond(), result.latency().p50(), result.latency().p99(),
                result.serverCpuMicrosPerRequest() == null ? "?"
                        : String.format("%.0f", result.serverCpuMicrosPerRequest()), result.statuses());
        return result;
    }

    /** One dose a request, the patients in turn; each request a new event id. */
    private static ClosedLoop.Requests singleDoses(URI target, SyntheticPatients patients) {
        String takenAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
        return (connection, sequence) -> {
            int patient = (int) ((connection * 7919L + sequence) % patients.count());
            byte[] body = ("{\"eventId\":\"" + uuid() + "\",\"drug\":\"baclofen\",\"doseMg\":5,\"takenAt\":\""
                    + takenAt + "\"}").getBytes(StandardCharsets.UTF_8);
            return ClosedLoop.request("POST", target, "/api/v1/patients/" + patients.id(patient) + "/doses",
                    headers(patients.token(patient)), body);
        };
    }

    /** {@code size} doses a request, a minute apart (doses of 1 mg: no rule is the point here). */
    private static ClosedLoop.Requests batches(URI target, SyntheticPatients patients, int size) {
        OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        return (connection, sequence) -> {
            int patient = (int) ((connection * 7919L + sequence) % patients.count());
            StringBuilder body = new StringBuilder(size * 110).append("{\"doses\":[");
            for (int i = 0; i < size; i++) {
                body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(uuid())
                        .append("\",\"drug\":\"baclofen\",\"doseMg\":1,\"takenAt\":\"")
                        .append(first.plusMinutes(i)).append("\"}");
            }
            body.append("],\"symptoms\":[]}");
            return ClosedLoop.request("POST", target, "/api/v1/patients/" + patients.id(patient) + "/events:batch",
                    headers(patients.token(patient)), body.toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    private static Map<String, String> headers(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static UUID uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | 1L << 63);
    }

    /**
     * Kafka's own producer benchmark, with intake's producer settings, records of the size intake writes, on a topic
     * with the partitions and replicas of {@code adherence.dose-events}: the most the broker takes from one producer.
     */
    private Map<String, Object> producerPerformance() throws Exception {
        String bootstrap = option("bootstrap", "localhost:9092");
        String topic = "bench.producer-performance";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var dose = admin.describeTopics(List.of("adherence.dose-events")).allTopicNames().get()
                    .get("adherence.dose-events");
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, dose.partitions().size(),
                        (short) dose.partitions().get(0).replicas().size()))).all().get();
            }
        }
        int recordSize = Integer.parseInt(option("record-size", "300"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", Path.of(option("kafka-libs", "")).toAbsolutePath() + "/*",
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", option("producer-records", "1000000"), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "linger.ms=5");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println("[producer-performance] " + line);
                if (PRODUCER_PERFORMANCE.matcher(line).find()) {
                    last = line;
                }
            }
        }
        if (process.waitFor() != 0 || last == null) {
            throw new IllegalStateException("ProducerPerformance failed (exit " + process.exitValue() + ")");
        }
        Matcher m = PRODUCER_PERFORMANCE.matcher(last);
        m.find();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("settings", "acks=all enable.idempotence=true linger.ms=5, " + recordSize + " B records");
        result.put("records", Long.parseLong(m.group(1)));
        result.put("recordsPerSecond", Double.parseDouble(m.group(2)));
        result.put("mbPerSecond", Double.parseDouble(m.group(3)));
        result.put("p50Ms", Double.parseDouble(m.group(6)));
        result.put("p99Ms", Double.parseDouble(m.group(8)));
        return result;
    }
}
