package org.adherence.rules.stream;

import java.time.Duration;
import java.util.EnumMap;
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

/**
 * The operators' meters of the rules: alerts raised by rule and severity, the time from an event's acceptance at
 * intake to the alert it caused, and the patients held in this instance's state.
 */
public final class RulesMetrics {

    private final Map<RuleId, Counter> raised = new EnumMap<>(RuleId.class);

    private final Map<Severity, Timer> eventToAlert = new EnumMap<>(Severity.class);

    /** One count per stream task of this instance, kept by its processor; a task that moves away takes its own. */
    private final Set<AtomicLong> patientsPerTask = ConcurrentHashMap.newKeySet();

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
        Gauge.builder("adherence.patients.tracked", this, RulesMetrics::patientsTracked)
                .description("Patients with state in this instance's store (sum across instances)")
                .register(registry);
    }

    void alertRaised(RuleId rule) {
        raised.get(rule).increment();
    }

    void eventToAlert(Severity severity, Duration elapsed) {
        eventToAlert.get(severity).record(elapsed);
    }

    /** A count of the patients of one task, written by its stream thread and read here by the scrape. */
    AtomicLong patientsOfTask() {
        AtomicLong patients = new AtomicLong();
        patientsPerTask.add(patients);
        return patients;
    }

    void taskClosed(AtomicLong patients) {
        patientsPerTask.remove(patients);
    }

    private double patientsTracked() {
        return patientsPerTask.stream().mapToLong(AtomicLong::get).sum();
    }
}
