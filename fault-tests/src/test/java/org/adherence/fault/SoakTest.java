package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.adherence.contracts.Topics;
import org.adherence.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak (not in CI; {@code ./soak.sh}): a steady load for {@code soak.minutes} (20) at {@code soak.rate} doses a
 * second (6), with the faults of the fault tests at random moments, every kind once before any again, in a random
 * order (a fixed, printed seed: {@code soak.seed}), then
 * the reconciliation of every accepted event, alert and email, and each service's heap after collection over time.
 * The report goes to the log and to {@code target/fault/soak-report.md}.
 */
@Tag("soak")
class SoakTest {

    private static final Logger log = LoggerFactory.getLogger(SoakTest.class);

    private enum Fault {
        BROKER_KILLED, RULES_KILLED, NOTIFICATION_KILLED, MAIL_REFUSING, UNREADABLE_RECORDS
    }

    private record Done(Instant at, Fault fault) {
    }

    private record HeapSample(Instant at, String instance, double liveAfterGcMb) {
    }

    @Test
    void aLongRunWithFaultsAtRandomMomentsLosesNothingAndKeepsTheHeapFlat() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 20);
        double rate = Double.parseDouble(System.getProperty("soak.rate", "6"));
        long seed = Long.getLong("soak.seed", System.currentTimeMillis());
        log.info("Soak: {} min at {} doses/s, faults seeded with soak.seed={}", minutes, rate, seed);
        Random random = new Random(seed);
        List<Done> faults = new ArrayList<>();
        List<HeapSample> heap = new ArrayList<>();
        int notificationKills = 0;
        try (FaultStack stack = FaultStack.start("soak", 1, 1, 1)) {
            Patients patients = Patients.of("soak", (int) (minutes * 60 * rate));
            patients.enrol(stack);
            SteadyLoad load = SteadyLoad.start(stack, patients, rate);
            Instant end = load.startedAt().plus(Duration.ofMinutes(minutes));
            // a fault every 2 to 3 minutes, none in the last two (so that the last one's effects are in the run), each
            // kind once in a random order before any comes again
            java.util.Deque<Fault> kinds = new java.util.ArrayDeque<>();
            Instant next = load.startedAt().plusSeconds(60 + random.nextInt(60));
            Instant nextSample = Instant.now();
            while (Instant.now().isBefore(end)) {
                if (!Instant.now().isBefore(nextSample)) {
                    sampleHeap(stack, heap);
                    nextSample = Instant.now().plusSeconds(30);
                }
                if (!Instant.now().isBefore(next) && Instant.now().isBefore(end.minusSeconds(120))) {
                    if (kinds.isEmpty()) {
                        List<Fault> round = new ArrayList<>(List.of(Fault.values()));
                        java.util.Collections.shuffle(round, random);
                        kinds.addAll(round);
                    }
                    Fault fault = kinds.poll();
                    faults.add(new Done(Instant.now(), fault));
                    log.info("Soak fault at +{} s: {}", Duration.between(load.startedAt(), Instant.now()).toSeconds(),
                            fault);
                    inject(fault, stack, patients, random);
                    notificationKills += fault == Fault.NOTIFICATION_KILLED ? 1 : 0;
                    next = Instant.now().plusSeconds(120 + random.nextInt(60));
                }
                Thread.sleep(1000);
            }
            List<SteadyLoad.Answer> answers = load.awaitAnswers();
            Reconciliation outcome = new Reconciliation(stack, patients, answers)
                    .settle(Duration.ofMinutes(15), Duration.ofSeconds(10));
            sampleHeap(stack, heap);
            String report = report(minutes, rate, seed, faults, outcome, heap);
            log.info("Soak report:\n{}", report);
            Files.writeString(stack.work().getParent().resolve("soak-report.md"), report, StandardCharsets.UTF_8);

            Assertions.nothingAcceptedLost(outcome,
                    notificationKills * NotificationCrashFaultTest.EMAILS_IN_FLIGHT_PER_INSTANCE, stack);
            assertThat(outcome.answers()).filteredOn(a -> a.status() != 202 && a.status() != 503)
                    .as("answers other than 202 and 503").isEmpty();
            heapGrowth(heap).forEach((instance, growth) -> assertThat(growth).as("heap after GC of %s, last third "
                    + "against first (MB)", instance).isLessThan(64.0));
        }
    }

    private static void inject(Fault fault, FaultStack stack, Patients patients, Random random) throws Exception {
        switch (fault) {
            case BROKER_KILLED -> {
                stack.kafka().node(1).kill();
                Thread.sleep(15_000);
                stack.kafka().node(1).restart();
                stack.kafka().awaitBrokers(Set.of(1), Duration.ofSeconds(90));
            }
            case RULES_KILLED -> restart(stack.rules().get(0));
            case NOTIFICATION_KILLED -> restart(stack.notifications().get(0));
            case MAIL_REFUSING -> {
                stack.mail().refuseEverything(421, "4.3.2 Service not available");
                Thread.sleep(60_000);
                stack.mail().acceptEverything();
            }
            case UNREADABLE_RECORDS -> {
                String key = patients.id(random.nextInt(patients.count()));
                for (String topic : List.of(Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name(),
                        Topics.ALERTS.name())) {
                    TopicRecords.send(stack.kafka().bootstrapServers(), topic, key,
                            "{not json".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void restart(ServiceProcess instance) throws Exception {
        instance.kill();
        Thread.sleep(5_000);
        instance.restart();
        instance.awaitHealthy(FaultStack.STARTUP);
    }

    /** Each live instance's heap after its last collection ({@code jvm_gc_live_data_size_bytes}). */
    private static void sampleHeap(FaultStack stack, List<HeapSample> heap) {
        for (ServiceProcess instance : stack.services()) {
            try {
                double bytes = instance.scrape().lines()
                        .filter(line -> line.startsWith("jvm_gc_live_data_size_bytes"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum();
                if (bytes > 0) {
                    heap.add(new HeapSample(Instant.now(), instance.name(), bytes / 1_048_576));
                }
            }
            catch (Exception down) {
                // restarting, or the broker is down and it is not answering: no sample this time
            }
        }
    }

    /** Per instance: the highest sample of the last third of the run minus the highest of the first third. */
    private static Map<String, Double> heapGrowth(List<HeapSample> heap) {
        Map<String, List<HeapSample>> byInstance = new TreeMap<>();
        heap.forEach(sample -> byInstance.computeIfAbsent(sample.instance(), i -> new ArrayList<>()).add(sample));
        Map<String, Double> growth = new LinkedHashMap<>();
        byInstance.forEach((instance, samples) -> {
            int third = Math.max(1, samples.size() / 3);
            double first = samples.subList(0, third).stream().mapToDouble(HeapSample::liveAfterGcMb).max().orElse(0);
            double last = samples.subList(samples.size() - third, samples.size()).stream()
                    .mapToDouble(HeapSample::liveAfterGcMb).max().orElse(0);
            growth.put(instance, last - first);
        });
        return growth;
    }

    private static String report(int minutes, double rate, long seed, List<Done> faults, Reconciliation outcome,
                                 List<HeapSample> heap) {
        StringBuilder report = new StringBuilder();
        report.append("Soak: ").append(minutes).append(" min at ").append(rate).append(" doses/s, soak.seed=")
                .append(seed).append("\n\nFaults:\n");
        Instant start = faults.isEmpty() ? Instant.now() : outcome.answers().get(0).sentAt();
        faults.forEach(f -> report.append("- +").append(Duration.between(start, f.at()).toSeconds()).append(" s ")
                .append(f.fault()).append('\n'));
        report.append("\nReconciliation: ").append(outcome.figures()).append("\n\nHeap after GC (MB), per instance: "
                + "first third max -> last third max\n");
        Map<String, List<HeapSample>> byInstance = new TreeMap<>();
        heap.forEach(sample -> byInstance.computeIfAbsent(sample.instance(), i -> new ArrayList<>()).add(sample));
        Map<String, Double> growth = heapGrowth(heap);
        byInstance.forEach((instance, samples) -> report.append(String.format("- %s: %d samples, %.1f .. %.1f, "
                        + "growth %.1f%n", instance, samples.size(),
                samples.stream().mapToDouble(HeapSample::liveAfterGcMb).min().orElse(0),
                samples.stream().mapToDouble(HeapSample::liveAfterGcMb).max().orElse(0), growth.get(instance))));
        return report.toString();
    }
}
