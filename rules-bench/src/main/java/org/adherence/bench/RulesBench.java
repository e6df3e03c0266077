package org.adherence.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark of issue 11, on a broker of its own (bench.sh starts one): 10,000 patients each with 30 days of
 * history (a profile, three doses a day, a symptom report every third day) written to the input topics; rules-service
 * works it off (the warm-up, its rate reported too) and is stopped; then a backlog of 10 events per patient "today" is
 * written, and rules-service and then the pass-through ({@link PassThroughApplication}) are started on it, each
 * measured from its first commit into the backlog to its commit at the end: events per second, CPU per event, and for
 * rules-service the changelog bytes per event against the events' own bytes on their topics. Then the scan: how long
 * rules-service's scans take to judge the 10,000 patients the backlog made due, and an idle minute's scan. Last, the
 * offline replay of 200 patients over 35 days at one-minute scans, against real time.
 */
public final class RulesBench {

    private static final String RULES_APP = "adherence-rules";

    private static final String PASS_APP = "bench-passthrough";

    private static final List<String> INPUTS = List.of(Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name(),
            Topics.PATIENT_PROFILES.name());

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("Europe/London"),
            ZoneId.of("America/New_York"));

    private static final List<Symptom> MS = List.of(Symptom.SPASTICITY, Symptom.MUSCLE_SPASMS, Symptom.PAIN,
            Symptom.DIZZINESS);

    private final String bootstrap;

    private final Path rulesJar;

    private final Path benchJar;

    private final Path work;

    private final int patients;

    private final int days;

    private final int backlogPerPatient;

    private final List<String> jvm = List.of("-Xms1g", "-Xmx1g");

    /** A flight recording of rules-service on the backlog, to see where its time goes ({@code --profile=true}). */
    private final boolean profile;

    private final Map<String, String> report = new java.util.LinkedHashMap<>();

    /** The figures ./bench.sh gathers (report.json), with the report as it is printed. */
    private final Map<String, Object> figures = new java.util.LinkedHashMap<>();

    private RulesBench(Map<String, String> args) {
        this.bootstrap = args.getOrDefault("bootstrap", "localhost:19092");
        this.rulesJar = Path.of(args.get("rules-jar"));
        this.benchJar = Path.of(args.get("bench-jar"));
        this.work = Path.of(args.getOrDefault("work", "rules-bench/target/bench"));
        this.patients = Integer.parseInt(args.getOrDefault("patients", "10000"));
        this.days = Integer.parseInt(args.getOrDefault("days", "30"));
        this.backlogPerPatient = Integer.parseInt(args.getOrDefault("backlog-per-patient", "10"));
        this.profile = Boolean.parseBoolean(args.getOrDefault("profile", "false"));
    }

    public static void main(String[] argv) throws Exception {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        new RulesBench(args).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            createTopics(admin);
            say("pre-filling " + patients + " patients x " + days + " days");
            long prefilled = prefill();
            report.put("pre-fill", prefilled + " records");

            say("warm-up: rules-service works off the pre-fill");
            try (BenchProcess rules = startRules(List.of("--adherence.rules.scan-budget=PT20S"), List.of())) {
                Instant started = awaitReady(rules);
                Map<TopicPartition, Long> ends = ends(admin);
                awaitCommitted(admin, RULES_APP, ends, Duration.ofMinutes(60));
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                report.put("warm-up (history growing from 0 to " + days + " days)", String.format(Locale.ROOT,
                        "%d events in %.1f s: %.0f events/s", prefilled, seconds, prefilled / seconds));
                say("warm-up: waiting until every patient made due is judged");
                sleep(Duration.ofSeconds(70));
                awaitScansDone(rules, Duration.ofMinutes(30));
            }

            Map<TopicPartition, Long> backlogStart = ends(admin);
            long changelogBefore = bytes(admin, RULES_APP + "-rules-state-changelog");
            long inputsBefore = inputBytes(admin);
            say("backlog: " + backlogPerPatient + " events for each patient, today");
            long backlog = produceBacklog();
            Map<TopicPartition, Long> backlogEnd = ends(admin);
            long inputBytes = inputBytes(admin) - inputsBefore;

            say("rules-service on the backlog");
            double rulesRate;
            try (BenchProcess rules = startRules(List.of(), profile ? List.of("-XX:StartFlightRecording:filename="
                    + work.resolve("rules-backlog.jfr") + ",settings=profile") : List.of())) {
                Measured measured = measure(admin, rules, RULES_APP, backlogStart, backlogEnd);
                rulesRate = measured.rate();
                long changelog = bytes(admin, RULES_APP + "-rules-state-changelog") - changelogBefore;
                report.put("rules-service", measured.describe());
                report.put("changelog bytes per event", String.format(Locale.ROOT,
                        "%.0f B (the events' own bytes on their topics: %.0f B; ratio %.2f)",
                        changelog / (double) backlog, inputBytes / (double) backlog,
                        changelog / (double) inputBytes));
                say("the scans that judge the patients the backlog made due");
                scans(rules);
            }

            say("the pass-through on the same backlog");
            resetGroup(admin, PASS_APP, backlogStart);
            try (BenchProcess pass = BenchProcess.start(benchJar, 8091, work.resolve("logs/passthrough.log"), jvm,
                    List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                            "--spring.cloud.stream.kafka.streams.binder.configuration.state.dir="
                                    + work.resolve("passthrough-state")))) {
                Measured measured = measure(admin, pass, PASS_APP, backlogStart, backlogEnd);
                report.put("pass-through", measured.describe());
                report.put("rules-service / pass-through", String.format(Locale.ROOT, "%.2f (goal: at least 0.25)",
                        rulesRate / measured.rate()));
                figures.put("patients", patients);
                figures.put("days", days);
                figures.put("rulesEventsPerSecond", rulesRate);
                figures.put("passThroughEventsPerSecond", measured.rate());
                figures.put("ratio", rulesRate / measured.rate());
            }
        }
        replay();
        StringBuilder out = new StringBuilder("| figure | value |\n|---|---|\n");
        report.forEach((what, value) -> out.append("| ").append(what).append(" | ").append(value).append(" |\n"));
        Files.writeString(work.resolve("report.md"), out);
        figures.put("report", report);
        Files.writeString(work.resolve("report.json"),
                ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        System.out.println(out);
    }

    // ---- the measured runs

    private record Measured(long events, double seconds, double cpuSeconds) {

        double rate() {
            return events / seconds;
        }

        String describe() {
            return String.format(Locale.ROOT, "%d events in %.1f s: %.0f events/s; CPU %.0f us per event", events,
                    seconds, rate(), cpuSeconds * 1e6 / events);
        }
    }

    /**
     * From the first commit past the backlog's start to the commit at its end, polled every 100 ms: the time before
     * (the JVM's start, a rebalance that waits for the last instance's session to time out) is not the stream's.
     */
    private Measured measure(Admin admin, BenchProcess process, String group, Map<TopicPartition, Long> start,
                             Map<TopicPartition, Long> end) throws Exception {
        awaitReady(process);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        Instant first = null;
        long firstCommitted = 0;
        double cpuAtFirst = 0;
        while (Instant.now().isBefore(deadline)) {
            long committed = committedSince(admin, group, start);
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
            if (first == null && committed > 0) {
                first = Instant.now();
                firstCommitted = committed;
                cpuAtFirst = process.cpuSeconds();
            }
            if (committed >= total) {
                return new Measured(total - firstCommitted, Duration.between(first, Instant.now()).toMillis() / 1000.0,
                        process.cpuSeconds() - cpuAtFirst);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(group + " did not reach the end of the backlog");
    }

    /** The records the group has committed past {@code start}. */
    private static long committedSince(Admin admin, String group, Map<TopicPartition, Long> start) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long total = 0;
        for (Map.Entry<TopicPartition, Long> partition : start.entrySet()) {
            OffsetAndMetadata offset = committed.get(partition.getKey());
            total += offset == null ? 0 : Math.max(0, offset.offset() - partition.getValue());
        }
        return total;
    }

    private BenchProcess startRules(List<String> extra, List<String> jvmExtra) throws Exception {
        List<String> jvmArgs = new ArrayList<>(jvm);
        jvmArgs.addAll(jvmExtra);
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                "--adherence.rules.state-dir=" + work.resolve("rules-state")));
        args.addAll(extra);
        return BenchProcess.start(rulesJar, 8081, work.resolve("logs/rules-service.log"), jvmArgs, args);
    }

    /**
     * The scans after the backlog: each patient's events settle for a minute, then the scans judge them, at most
     * {@code adherence.rules.scan-budget} a scan; done once two scans in a row found (nearly) nobody to judge.
     */
    private void scans(BenchProcess rules) throws Exception {
        double countBefore = rules.metric("adherence_rules_scan_seconds_count");
        double sumBefore = rules.metric("adherence_rules_scan_seconds_sum");
        Instant start = Instant.now();
        sleep(Duration.ofSeconds(70));
        awaitScansDone(rules, Duration.ofMinutes(30));
        double count = rules.metric("adherence_rules_scan_seconds_count") - countBefore;
        double sum = rules.metric("adherence_rules_scan_seconds_sum") - sumBefore;
        report.put("scans judging the " + patients + " patients the backlog made due", String.format(Locale.ROOT,
                "%.0f scans (3 tasks, each a scan a minute), %.2f s of judging in all (%.2f ms a patient); the last "
                        + "judged %.0f s after the backlog", count, sum, sum * 1000 / patients,
                Duration.between(start, Instant.now()).toSeconds() + 0.0));
        double idleCount = rules.metric("adherence_rules_scan_seconds_count");
        double idleSum = rules.metric("adherence_rules_scan_seconds_sum");
        sleep(Duration.ofSeconds(130));
        double scansIdle = rules.metric("adherence_rules_scan_seconds_count") - idleCount;
        report.put("an idle minute's scan of the " + patients + " patients", String.format(Locale.ROOT,
                "%.1f ms a task (mean of %.0f scans; goal: under 1 s)",
                (rules.metric("adherence_rules_scan_seconds_sum") - idleSum) * 1000 / Math.max(1, scansIdle),
                scansIdle));
    }

    /** Until two scans in a row took under 20 ms on average and left nobody due. */
    private void awaitScansDone(BenchProcess rules, Duration atMost) {
        double count = rules.metric("adherence_rules_scan_seconds_count");
        double sum = rules.metric("adherence_rules_scan_seconds_sum");
        int quiet = 0;
        Instant deadline = Instant.now().plus(atMost);
        while (quiet < 2 && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(5));
            double newCount = rules.metric("adherence_rules_scan_seconds_count");
            double newSum = rules.metric("adherence_rules_scan_seconds_sum");
            if (newCount > count) {
                double mean = (newSum - sum) / (newCount - count);
                quiet = mean < 0.02 && rules.metric("adherence_rules_due_backlog") == 0 ? quiet + 1 : 0;
                count = newCount;
                sum = newSum;
            }
        }
    }

    // ---- the data

    private void createTopics(Admin admin) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name(),
                PassThroughApplication.OUTPUT, Topics.ALERTS.name())) {
            if (!existing.contains(name)) {
                topics.add(new NewTopic(name, 3, (short) 1));
            }
        }
        if (!existing.contains(Topics.PATIENT_PROFILES.name())) {
            topics.add(new NewTopic(Topics.PATIENT_PROFILES.name(), 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    private KafkaProducer<String, Object> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ContractJsonSerializer());
    }

    /** A profile, then three doses a day (08:00, 14:00, 20:00 local, up to an hour off) and a report every third day. */
    private long prefill() {
        Random random = new Random(11);
        long count = 0;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (KafkaProducer<String, Object> producer = producer()) {
            for (int p = 0; p < patients; p++) {
                String patient = patient(p);
                ZoneId zone = ZONES.get(p % ZONES.size());
                producer.send(new ProducerRecord<>(Topics.PATIENT_PROFILES.name(), patient, PatientProfileUpdated.of(
                        patient, LocalDate.of(1970 + p % 40, 1 + p % 12, 1 + p % 28), zone,
                        List.of(new CareTeamMember("Dr. Bench", "bench-" + p + "@example.org",
                                org.adherence.contracts.codes.CareTeamRole.PHYSICIAN)),
                        List.of(new Prescription("baclofen", BigDecimal.TEN, 3, today.minusDays(days + 30), null)),
                        Set.of(), Set.of(), Instant.now().minus(Duration.ofDays(days + 1)))));
                count++;
            }
            for (int day = days; day >= 1; day--) {
                for (int p = 0; p < patients; p++) {
                    String patient = patient(p);
                    ZoneId zone = ZONES.get(p % ZONES.size());
                    LocalDate date = today.minusDays(day);
                    for (int hour : new int[] {8, 14, 20}) {
                        producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, dose(patient,
                                ZonedDateTime.of(date.atTime(hour, 0), zone).plusMinutes(random.nextInt(61) - 30)
                                        .toOffsetDateTime())));
                        count++;
                    }
                    if ((day + p) % 3 == 0) {
                        producer.send(new ProducerRecord<>(Topics.SYMPTOM_EVENTS.name(), patient, report(patient,
                                ZonedDateTime.of(date.atTime(18, 0), zone).toOffsetDateTime(), random)));
                        count++;
                    }
                }
            }
            producer.flush();
        }
        return count;
    }

    /** Per patient: three doses and seven reports in the ten hours before now. */
    private long produceBacklog() {
        Random random = new Random(12);
        long count = 0;
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(10);
        try (KafkaProducer<String, Object> producer = producer()) {
            for (int i = 0; i < backlogPerPatient; i++) {
                for (int p = 0; p < patients; p++) {
                    String patient = patient(p);
                    OffsetDateTime at = start.plusHours(i).plusMinutes(random.nextInt(30));
                    if (i % 3 == 0 && i < 9) {
                        producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, dose(patient, at)));
                    }
                    else {
                        producer.send(new ProducerRecord<>(Topics.SYMPTOM_EVENTS.name(), patient,
                                report(patient, at, random)));
                    }
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    private static DoseTaken dose(String patient, OffsetDateTime at) {
        return DoseTaken.of(UUID.randomUUID().toString(), patient, "baclofen", BigDecimal.TEN, at, Instant.now());
    }

    private static SymptomsReported report(String patient, OffsetDateTime at, Random random) {
        return SymptomsReported.of(UUID.randomUUID().toString(), patient, List.of(MS.get(random.nextInt(MS.size()))),
                at, "about as usual", Instant.now());
    }

    private static String patient(int p) {
        return String.format(Locale.ROOT, "bench-%05d", p);
    }

    // ---- the replay

    private void replay() throws Exception {
        Path file = work.resolve("replay-200x35.jsonl");
        Random random = new Random(13);
        LocalDate first = LocalDate.of(2026, 1, 5);
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < 200; p++) {
            ZoneId zone = ZONES.get(p % ZONES.size());
            String patient = patient(p);
            lines.add("{\"type\":\"profile\",\"patientId\":\"" + patient + "\",\"timeZone\":\"" + zone
                    + "\",\"birthDate\":\"1979-03-14\",\"prescriptions\":[{\"drug\":\"baclofen\",\"doseMg\":10,"
                    + "\"timesPerDay\":3,\"startDate\":\"2025-12-01\"}],\"conditions\":[],\"coMedications\":[]}");
            for (int day = 0; day < 35; day++) {
                // a stop of three days in the middle for every fifth patient
                if (p % 5 == 0 && day >= 17 && day < 20) {
                    continue;
                }
                for (int hour : new int[] {8, 14, 20}) {
                    ZonedDateTime at = ZonedDateTime.of(first.plusDays(day).atTime(hour, 0), zone)
                            .plusMinutes(random.nextInt(61) - 30);
                    lines.add(ContractJson.mapper().writeValueAsString(Map.of("type", "dose", "patientId", patient,
                            "eventId", UUID.randomUUID().toString(), "drug", "baclofen", "doseMg", 10, "takenAt",
                            at.toOffsetDateTime().toString())));
                }
            }
        }
        Files.write(file, lines);
        Path output = work.resolve("replay-200x35.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                rulesJar.toString(), "-Dloader.main=org.adherence.rules.replay.ReplayCommand",
                "org.springframework.boot.loader.launch.PropertiesLauncher", file.toString(), "--scan-interval",
                "PT1M");
        long started = System.nanoTime();
        Process replay = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = replay.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        double simulated = Duration.ofDays(36).toSeconds();
        report.put("replay of 200 patients x 35 days at one-minute scans", String.format(Locale.ROOT,
                "%.1f s (exit %d, %d findings): %.0f times faster than real time (goal: at least 100)", seconds, exit,
                Files.readAllLines(output).size(), simulated / seconds));
    }

    // ---- Kafka

    private Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : INPUTS) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The time the group's committed offsets first reached {@code end} on every partition (polled every 100 ms). */
    private static Instant awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> end, Duration atMost)
            throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
            if (done) {
                return Instant.now();
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(group + " did not reach the end of its input in " + atMost);
    }

    private static void resetGroup(Admin admin, String group, Map<TopicPartition, Long> to) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        to.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }

    private static long bytes(Admin admin, String topic) throws Exception {
        long total = 0;
        var dirs = admin.describeLogDirs(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(node -> node.id()).toList()).allDescriptions().get(30, TimeUnit.SECONDS);
        for (var broker : dirs.values()) {
            for (var dir : broker.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(topic)) {
                        total += replica.getValue().size();
                    }
                }
            }
        }
        return total;
    }

    private static long inputBytes(Admin admin) throws Exception {
        long total = 0;
        for (String topic : INPUTS) {
            total += bytes(admin, topic);
        }
        return total;
    }

    private static Instant awaitReady(BenchProcess process) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!process.ready()) {
            if (!process.alive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the service did not become ready");
            }
            sleep(Duration.ofMillis(100));
        }
        return Instant.now();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void say(String line) {
        System.out.println("[bench] " + Instant.now() + " " + line);
    }
}
