package org.adherence.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.adherence.contracts.json.ContractJson;
import org.adherence.loadgen.auth.Hs256Jwt;
import org.adherence.loadgen.cli.Options;
import org.adherence.loadgen.drive.ClientStats;
import org.adherence.loadgen.drive.OpenLoopDriver;
import org.adherence.loadgen.drive.ProfileSetup;
import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.ServiceScraper;
import org.adherence.loadgen.report.LoadReport;
import org.adherence.loadgen.report.PipelineMetrics;
import org.adherence.loadgen.report.Settling;
import org.adherence.loadgen.report.TextReport;
import org.adherence.loadgen.schedule.ArrivalSchedule;
import org.adherence.loadgen.workload.EventKind;
import org.adherence.loadgen.workload.SyntheticPatients;
import org.adherence.loadgen.workload.Workload;

/**
 * Enrols synthetic patients, posts their events to intake at a fixed arrival rate, and reports client latency,
 * throughput and what the services' metrics say happened downstream (alerts, emails, their latencies, heap, CPU).
 * Exit codes: 0 the run happened (read the report for how it went), 2 bad options or intake unusable.
 */
public final class LoadGenerator {

    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROFILE_SETTLE = Duration.ofSeconds(2);
    private static final Duration DRAIN_POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final String CARE_TEAM_SUBJECT = "load-generator";

    private final Options options;
    private final PrintStream log;
    private final HttpClient client;
    private final ServiceScraper scraper;

    LoadGenerator(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
        // HTTP/1.1 as a phone app talking to a plain-HTTP service would; each request in flight has its connection
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.scraper = new ServiceScraper(client, SCRAPE_TIMEOUT);
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        }
        catch (Options.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(Options.USAGE);
                System.exit(0);
            }
            System.err.println("load-generator: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(new LoadGenerator(options, System.err).run());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
        catch (IOException | RuntimeException e) {
            System.err.println("load-generator: " + e);
            System.exit(1);
        }
    }

    int run() throws IOException, InterruptedException {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double loadAverageAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Hs256Jwt jwt = new Hs256Jwt(options.secret());
        Instant expiry = startedAt.plus(Duration.ofHours(1)).plus(options.warmup()).plus(options.duration())
                .plus(options.drain().multipliedBy(2));
        SyntheticPatients patients = new SyntheticPatients(options.patientPrefix(), options.patients(), jwt,
                startedAt, expiry);
        ArrivalSchedule schedule = new ArrivalSchedule(options.rate(), options.duration(), options.batchSize());

        log("enrolling %d patients (%s-...) at %s, secret from %s", patients.count(), patients.prefix(),
                options.intake(), options.secretSource());
        ProfileSetup.Result profiles = new ProfileSetup(client, options.intake(), options.requestTimeout(),
                options.profileConcurrency())
                .putAll(patients, jwt.careTeam(CARE_TEAM_SUBJECT, startedAt, expiry),
                        LocalDate.now(ZoneOffset.UTC));
        log("profiles: %s", profiles.outcomes());
        if (profiles.accepted() == 0) {
            log("no profile was accepted, so no event would be either; first answers: %s", profiles.firstAnswers());
            return 2;
        }
        Thread.sleep(PROFILE_SETTLE.toMillis());

        Workload workload = new Workload(patients, options.mix(), new SplittableRandom(options.seed()));
        OpenLoopDriver driver = new OpenLoopDriver(client, options.intake(), options.requestTimeout());
        List<String> notes = new ArrayList<>();
        Map<URI, MetricsSnapshot> before = scrapeAll(true);
        boolean warmupSettled = true;
        if (!options.warmup().isZero()) {
            ArrivalSchedule warmup = new ArrivalSchedule(options.rate(), options.warmup(), options.batchSize());
            log("warming up: %d events at %.2f events/s for %s, not counted", warmup.eventCount(), options.rate(),
                    options.warmup());
            ClientStats warmupStats = new ClientStats(options.lateAfter().toNanos());
            long warmupMissed = drive(driver, warmup, workload, warmupStats);
            log("warm-up answers: %s; waiting for the warm-up's alerts and emails to settle",
                    warmupStats.outcomes());
            List<String> warmupNotes = new ArrayList<>();
            if (warmupMissed > 0) {
                warmupNotes.add(warmupMissed + " requests neither answered nor timed out");
            }
            Settled warm = settle(before, warmupStats, warmupNotes);
            warmupSettled = warm.settled();
            warmupNotes.forEach(note -> notes.add("warm-up: " + note));
            if (!warmupSettled) {
                notes.add("warm-up: NOT SETTLED: the run started with the warm-up's alerts or emails still under"
                        + " way; they are in the run's window and its figures");
            }
            before = warm.snapshots();
        }

        ClientStats stats = new ClientStats(options.lateAfter().toNanos());
        long cpuBefore = generatorCpuNanos();
        log("sending %d events in %d requests at %.2f events/s for %s", schedule.eventCount(), schedule.requestCount(),
                options.rate(), options.duration());
        long missed = drive(driver, schedule, workload, stats);
        long cpuAfter = generatorCpuNanos();
        Map<URI, MetricsSnapshot> atLastAnswer = scrapeAll(false);
        if (missed > 0) {
            notes.add(missed + " requests had neither an answer nor a timeout " + options.requestTimeout().plusSeconds(30)
                    + " after the last send; the report leaves them out of every latency");
            log("%d requests neither answered nor timed out; waiting up to %s for alerts and emails to settle",
                    missed, options.drain());
        }
        else {
            log("all %d requests answered; waiting up to %s for alerts and emails to settle", stats.requestsSent(),
                    options.drain());
        }

        Settled settled = settle(before, stats, notes);
        LoadReport report = report(startedAt, loadAverageAtStart, schedule, stats, profiles, before, atLastAnswer,
                settled, warmupSettled, missed, cpuAfter - cpuBefore, notes);
        System.out.print(TextReport.render(report));
        if (options.reportJson().isPresent()) {
            Path file = options.reportJson().get();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            log("report written to %s", file);
        }
        return 0;
    }

    /**
     * Runs a schedule from 100 ms from now, logging progress every {@link #PROGRESS_EVERY}.
     *
     * @return requests that had neither an answer nor a failure when the driver stopped waiting
     */
    private long drive(OpenLoopDriver driver, ArrivalSchedule schedule, Workload workload, ClientStats stats)
            throws InterruptedException {
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        Instant startWall = Instant.now().plusMillis(100);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> logProgress(stats, schedule, startNanos), PROGRESS_EVERY.toMillis(),
                PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return driver.run(schedule, workload, stats, startNanos, startWall);
        }
        finally {
            progress.shutdownNow();
        }
    }

    /** The scrape that ended the wait, whether the criteria were met, and when the counters last moved. */
    private record Settled(Map<URI, MetricsSnapshot> snapshots, boolean settled, double settledAfterSeconds) {
    }

    /**
     * Scrapes every {@link #DRAIN_POLL} until the downstream has settled ({@link Settling}: every 25 mg dose has its
     * alert and every HIGH/WARNING alert its emails, no consumer lag and no held alert, and the counters unchanged for
     * {@code --quiet}), or until {@code --drain} has passed.
     */
    private Settled settle(Map<URI, MetricsSnapshot> before, ClientStats stats, List<String> notes)
            throws InterruptedException {
        long drainStart = System.nanoTime();
        Map<URI, MetricsSnapshot> after = scrapeAll(false);
        if (options.services().isEmpty()) {
            return new Settled(after, true, 0);
        }
        long overdoses = stats.eventsAccepted().getOrDefault(EventKind.OVERDOSE, 0L);
        long deadline = drainStart + options.drain().toNanos();
        Settling.Tracker tracker = new Settling.Tracker(drainStart,
                Settling.figures(PipelineMetrics.between(before, after)));
        long lastLog = drainStart;
        while (true) {
            long now = System.nanoTime();
            PipelineMetrics metrics = PipelineMetrics.between(before, after);
            Settling.Check check = Settling.check(metrics, after, overdoses);
            boolean quiet = tracker.quietFor(now, options.quiet().toNanos());
            if (check.ready() && quiet) {
                notes.add(String.format(Locale.ROOT, "downstream settled %.0f s after the last answer (the counters"
                        + " last moved then; checked quiet for %s, no consumer lag, no held alert, every expected"
                        + " alert and email)", tracker.settledAfterSeconds(), options.quiet()));
                return new Settled(after, true, tracker.settledAfterSeconds());
            }
            if (now >= deadline) {
                notes.add("downstream had not settled within --drain " + options.drain() + ": "
                        + (check.waitingFor().isEmpty() ? "" : "still waiting for " + String.join(", ",
                        check.waitingFor()) + "; ")
                        + (quiet ? "" : "counters still moving; ")
                        + String.format(Locale.ROOT, "the counters last moved %.0f s after the last answer",
                        tracker.settledAfterSeconds()));
                return new Settled(after, false, Double.NaN);
            }
            if (now - lastLog >= PROGRESS_EVERY.toNanos()) {
                lastLog = now;
                log("settling %.0f s: %s", (now - drainStart) / 1e9, check.waitingFor().isEmpty()
                        ? "waiting for " + options.quiet() + " without movement" : String.join(", ", check.waitingFor()));
            }
            Thread.sleep(DRAIN_POLL.toMillis());
            after = scrapeAll(false);
            // a service that did not answer this poll would look like one whose counters stood still
            tracker.observe(System.nanoTime(), Settling.figures(PipelineMetrics.between(before, after)),
                    after.keySet().containsAll(before.keySet()));
        }
    }

    private LoadReport report(Instant startedAt, double loadAverageAtStart, ArrivalSchedule schedule,
                              ClientStats stats, ProfileSetup.Result profiles, Map<URI, MetricsSnapshot> before,
                              Map<URI, MetricsSnapshot> atLastAnswer, Settled settled, boolean warmupSettled,
                              long unanswered, long generatorCpuNanos, List<String> notes) {
        Map<URI, MetricsSnapshot> after = settled.snapshots();
        double interArrival = options.batchSize() / options.rate();
        // from the schedule's start (request 0 due), not the first send: a late first send must not shorten it
        double timedSeconds = (stats.lastAnswerNanos() - stats.scheduleStartNanos()) / 1e9 + interArrival;
        long accepted = stats.eventsAccepted().values().stream().mapToLong(Long::longValue).sum();
        double achieved = accepted / timedSeconds;

        LoadReport.Run run = new LoadReport.Run(startedAt.toString(), options.intake().toString(), options.patients(),
                options.patientPrefix(), options.rate(), options.duration().toString(), options.warmup().toString(),
                options.batchSize(),
                options.mix().toString(), options.seed(), Runtime.getRuntime().availableProcessors(),
                loadAverageAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.version"), options.quiet().toString(), options.drain().toString(),
                warmupSettled, settled.settled(), settled.settledAfterSeconds());
        LoadReport.Client client = new LoadReport.Client(schedule.eventCount(), schedule.requestCount(),
                stats.requestsSent(), byLabel(stats.eventsSent()), byLabel(stats.eventsAccepted()), stats.lateSends(),
                stats.maxLatenessNanos() / 1e6, stats.outcomes(), stats.firstAnswerByOutcome(),
                (stats.lastSendNanos() - stats.firstSendNanos()) / 1e9, timedSeconds, achieved,
                stats.latencyFromDue(), stats.latencyFromSend(), stats.latencyNotAccepted(),
                options.requestTimeout().toNanos() / 1e6, unanswered, profiles.outcomes(), profiles.latency(),
                generatorCpuNanos / 1e9);

        PipelineMetrics metrics = PipelineMetrics.between(before, after);
        PipelineMetrics load = PipelineMetrics.between(before, atLastAnswer);
        List<LoadReport.Service> services = PipelineMetrics.services(options.services(), before, atLastAnswer, after,
                accepted);
        Map<String, Double> heapRatios = new LinkedHashMap<>();
        services.stream().filter(LoadReport.Service::scraped)
                .forEach(s -> heapRatios.put(s.application(), s.heapAfterMiB() / s.heapBeforeMiB()));
        long overdoses = stats.eventsAccepted().getOrDefault(EventKind.OVERDOSE, 0L);
        LoadReport.Ratios ratios = new LoadReport.Ratios(achieved / options.rate(),
                overdoses == 0 ? Double.NaN : metrics.singleDoseAboveMaxAlerts() / overdoses,
                metrics.highAlerts() == 0 ? Double.NaN : metrics.highEmailsSent() / metrics.highAlerts(),
                heapRatios);

        addNotes(notes, schedule, stats);
        services.stream().filter(s -> !s.scraped())
                .forEach(s -> notes.add(s.url() + " could not be scraped before and after: its figures are missing"));
        services.stream().filter(LoadReport.Service::restarted)
                .forEach(s -> notes.add(s.application() + " restarted during the run (process_start_time_seconds"
                        + " changed): each of its series counts from 0 at the restart, whatever it did before is lost"));
        return new LoadReport(run, client, metrics.pipeline(load), services, ratios, notes);
    }

    private void addNotes(List<String> notes, ArrivalSchedule schedule, ClientStats stats) {
        String host = options.intake().getHost();
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
            notes.add(Runtime.getRuntime().availableProcessors() + " processors shared by this generator and the"
                    + " stack under test (Kafka, mail server, three services): every figure includes their contention"
                    + " for CPU");
        }
        if (stats.lateSends() > 0) {
            notes.add(stats.lateSends() + " requests left more than " + options.lateAfter().toMillis()
                    + " ms after they were due (the sending thread did not get the CPU in time); their latency still"
                    + " counts from the due time");
        }
        double warmupEvents = Math.floor(options.rate() * options.warmup().toNanos() / 1e9);
        double perPatient = (schedule.eventCount() + warmupEvents) / options.patients();
        if (perPatient > 1) {
            notes.add(String.format(Locale.ROOT, "about %.1f events per patient (warm-up included), all taken \"now\":"
                    + " a patient's doses less than 2 h apart raise DOUBLE_DOSE (WARNING), over 4 in 24 h"
                    + " TOO_MANY_DOSES, over 80 mg DAILY_MAX_EXCEEDED, and a 25 mg dose also"
                    + " PRESCRIPTION_EXCEEDED; those alerts and their emails are part of the load",
                    perPatient));
        }
        long failed = stats.outcomes().entrySet().stream().filter(e -> !e.getKey().equals("202"))
                .mapToLong(Map.Entry::getValue).sum();
        if (failed > 0) {
            notes.add(failed + " requests were not answered 202 (see answers)");
        }
    }

    private Map<URI, MetricsSnapshot> scrapeAll(boolean verbose) throws InterruptedException {
        Map<URI, MetricsSnapshot> snapshots = new LinkedHashMap<>();
        for (URI service : options.services()) {
            try {
                snapshots.put(service, scraper.scrape(service));
            }
            catch (IOException | RuntimeException e) {
                if (verbose) {
                    log("cannot scrape %s: %s", service, e.getMessage());
                }
            }
        }
        return snapshots;
    }

    private void logProgress(ClientStats stats, ArrivalSchedule schedule, long startNanos) {
        long answered = stats.outcomes().values().stream().mapToLong(Long::longValue).sum();
        log("%3.0f s: sent %d of %d requests, answered %d (%s), in flight %d, late %d",
                (System.nanoTime() - startNanos) / 1e9, stats.requestsSent(), schedule.requestCount(), answered,
                stats.outcomes(), stats.requestsSent() - answered, stats.lateSends());
    }

    private static Map<String, Long> byLabel(Map<EventKind, Long> counts) {
        Map<String, Long> labelled = new LinkedHashMap<>();
        counts.forEach((kind, n) -> labelled.put(kind.label(), n));
        return labelled;
    }

    private static long generatorCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private void log(String format, Object... args) {
        log.printf(Locale.ROOT, "[load] " + format + "%n", args);
    }
}
