package org.adherence.rules.stream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.rules.judging.JudgingListener;

/**
 * The operators' meters of the rules: alerts raised by rule and severity, the time from an event's acceptance at
 * intake to the alert it caused, the patients held in this instance's state; and what went wrong: records not judged,
 * alerts not sent, stream threads replaced, state dropped over a bound, the scan's duration and what it left due.
 * Every series exists from the start, at 0.
 */
public final class RulesMetrics {

    /** Why a record was not judged: see the service README's failure table. */
    enum NotJudged {
        LIMITS, OVERSIZE, FAILED, UNHANDLED, SCAN
    }

    /** Why a record was not sent. */
    enum NotSent {
        SERIALIZATION, REFUSED
    }

    private final Map<RuleId, Counter> raised = new EnumMap<>(RuleId.class);

    private final Map<Severity, Timer> eventToAlert = new EnumMap<>(Severity.class);

    private final Map<NotJudged, Counter> notJudged = new EnumMap<>(NotJudged.class);

    private final Map<NotSent, Counter> notSent = new EnumMap<>(NotSent.class);

    private final Map<String, Counter> dropped = new HashMap<>();

    private final Counter threadsReplaced;

    private final Timer scans;

    /** One count per stream task of this instance, kept by its processor; a task that moves away takes its own. */
    private final Set<AtomicLong> patientsPerTask = ConcurrentHashMap.newKeySet();

    private final Set<AtomicLong> backlogPerTask = ConcurrentHashMap.newKeySet();

    private volatile boolean streamRunning;

    public RulesMetrics(MeterRegistry registry) {
        // every rule, at 0 before its first alert, so that a dashboard shows 0 rather than nothing: every pack in
        // force holds every rule (a pack missing a section fails at start), so these are the rules of the packs
        for (RuleId rule : RuleId.values()) {
            raised.put(rule, Counter.builder("adherence.alerts.raised")
                    .description("Alerts raised, by rule and severity")
                    .tag("rule", rule.name()).tag("severity", rule.severity().name())
                    .register(registry));
        }
        for (Severity severity : Severity.values()) {
            eventToAlert.put(severity, Timer.builder("adherence.event.to.alert")
                    .description("From the causing event's acceptance at intake (its record timestamp) to the "
                            + "alert's forwarding; alerts caused by an incoming event only")
                    .tag("severity", severity.name())
                    .publishPercentileHistogram()
                    // a restarted instance waits out the group session (up to 45 s) before it works off the backlog
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry));
        }
        Gauge.builder("adherence.patients.tracked", this, m -> sum(m.patientsPerTask))
                .description("Patients with state in this instance's store (sum across instances)")
                .register(registry);
        for (NotJudged reason : NotJudged.values()) {
            notJudged.put(reason, Counter.builder("adherence.rules.records.not.judged")
                    .description("Patient records (or due patients of the scan) no rule judged, by reason")
                    .tag("reason", label(reason)).register(registry));
        }
        for (NotSent reason : NotSent.values()) {
            notSent.put(reason, Counter.builder("adherence.rules.records.not.sent")
                    .description("Alerts and dead letters Kafka Streams could not send, by reason")
                    .tag("reason", label(reason)).register(registry));
        }
        for (JudgingListener.Bound bound : JudgingListener.Bound.values()) {
            for (JudgingListener.Kind kind : JudgingListener.Kind.values()) {
                dropped.put(key(bound, kind), Counter.builder("adherence.rules.state.dropped")
                        .description("Events and findings dropped from a patient's state: past the retention, or "
                                + "over a bound on their number or bytes")
                        .tag("bound", label(bound)).tag("kind", label(kind)).register(registry));
            }
        }
        threadsReplaced = Counter.builder("adherence.rules.stream.threads.replaced")
                .description("Stream threads that died and were replaced").register(registry);
        Gauge.builder("adherence.rules.stream.running", this, m -> m.streamRunning ? 1 : 0)
                .description("1 while the Kafka Streams client runs or rebalances, 0 once it stopped or failed")
                .register(registry);
        Gauge.builder("adherence.rules.due.backlog", this, m -> sum(m.backlogPerTask))
                .description("Patients due for the scan whom the last scan left for the next one")
                .register(registry);
        scans = Timer.builder("adherence.rules.scan")
                .description("One scan of a stream task's due patients").publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    void alertRaised(RuleId rule) {
        raised.get(rule).increment();
    }

    void eventToAlert(Severity severity, Duration elapsed) {
        eventToAlert.get(severity).record(elapsed);
    }

    void notJudged(NotJudged reason) {
        notJudged.get(reason).increment();
    }

    void notSent(NotSent reason) {
        notSent.get(reason).increment();
    }

    void threadReplaced() {
        threadsReplaced.increment();
    }

    void streamRunning(boolean running) {
        streamRunning = running;
    }

    void scanned(Duration took) {
        scans.record(took);
    }

    void dropped(JudgingListener.Bound bound, JudgingListener.Kind kind, int count) {
        dropped.get(key(bound, kind)).increment(count);
    }

    /** A count of the patients of one task, written by its stream thread and read here by the scrape. */
    AtomicLong patientsOfTask() {
        AtomicLong patients = new AtomicLong();
        patientsPerTask.add(patients);
        return patients;
    }

    /** The due patients one task's last scan left. */
    AtomicLong backlogOfTask() {
        AtomicLong backlog = new AtomicLong();
        backlogPerTask.add(backlog);
        return backlog;
    }

    void taskClosed(AtomicLong patients, AtomicLong backlog) {
        patientsPerTask.remove(patients);
        backlogPerTask.remove(backlog);
    }

    private static double sum(Set<AtomicLong> counts) {
        return counts.stream().mapToLong(AtomicLong::get).sum();
    }

    private static String key(JudgingListener.Bound bound, JudgingListener.Kind kind) {
        return bound + "/" + kind;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
