package org.adherence.rules.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.PatientHistory;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each patient event: history = store[patient] + event; findings = rules(history) - raised(history);
 * store[patient] = history + findings; emit one alert per finding. A duplicate eventId changes nothing.
 * <p>
 * Every scan interval of wall-clock time, for every patient held: the same with all rules, including the
 * time-based ones. Wall-clock, not stream time: stream time stands still for a patient who sends nothing more,
 * which is exactly the patient the time-based rules are about.
 * <p>
 * Each record is evaluated in an observation continuing the trace its headers carry, so that the log lines about it
 * and the alerts it raises carry its trace id; an alert raised by the scan starts a trace of its own.
 */
final class RulesProcessor implements Processor<String, PatientInput, String, AlertRaised> {

    private static final Logger log = LoggerFactory.getLogger(RulesProcessor.class);

    /**
     * How much longer than events findings are kept: longer than any rule looks back at findings from an event
     * (withdrawal signs are looked for 7 days after a stop; "once per 24 h" suppresses for a day).
     */
    static final Duration FINDING_MARGIN = Duration.ofDays(8);

    /** Rules whose "at most" is per patient (per set of conditions or co-medications): kept whatever their age. */
    static final Set<RuleId> LIFELONG_FINDINGS = Set.of(RuleId.CONTRAINDICATION_REVIEW, RuleId.INTERACTION_RISK);

    private final RuleEngine engine;

    private final RulesProperties properties;

    private final RulesMetrics metrics;

    private final RecordTracing tracing;

    private ProcessorContext<String, AlertRaised> context;

    private KeyValueStore<String, PatientHistory> store;

    /** The patients held in this task's store, for {@code adherence.patients.tracked}. */
    private AtomicLong patients;

    /**
     * Patients whose events are still arriving (this task's only): when the burst began and when its latest event
     * came. A patient is judged by the scan once no event has come for the settle time, and in any case once the
     * burst is {@link #MAX_DEFERRALS} settle times old, so that an app posting without pause cannot hide a stop.
     */
    private final Map<String, Burst> arrivals = new HashMap<>();

    static final int MAX_DEFERRALS = 10;

    private record Burst(Instant began, Instant latest) {
    }

    RulesProcessor(RuleEngine engine, RulesProperties properties, RulesMetrics metrics,
            ObservationRegistry observations) {
        this.engine = engine;
        this.properties = properties;
        this.metrics = metrics;
        this.tracing = new RecordTracing(observations);
    }

    @Override
    public void init(ProcessorContext<String, AlertRaised> context) {
        this.context = context;
        this.store = context.getStateStore(PatientHistoryStore.NAME);
        // the store is restored before init: RocksDB's estimate until the first scan counts the patients exactly
        this.patients = metrics.patientsOfTask();
        patients.set(store.approximateNumEntries());
        context.schedule(properties.scanInterval(), PunctuationType.WALL_CLOCK_TIME, this::scan);
    }

    @Override
    public void close() {
        // the task moves to another instance (or is closed after a failure): its patients are counted there
        if (patients != null) {
            metrics.taskClosed(patients);
        }
    }

    @Override
    public void process(Record<String, PatientInput> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        tracing.evaluation(record.headers(), topic).observe(() -> evaluate(record));
    }

    private void evaluate(Record<String, PatientInput> record) {
        String patientId = record.key();
        if (patientId == null || record.value() == null) {
            log.warn("Skipping a record without patient id or value at {}", context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown position"));
            return;
        }
        PatientHistory before = store.get(patientId);
        if (before == null) {
            before = PatientHistory.empty(patientId);
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        arrivals.merge(patientId, new Burst(now, now), (burst, next) -> new Burst(burst.began(), now));
        RuleEngine.Outcome outcome;
        try {
            outcome = accept(before, record.value(), now);
        }
        catch (RuntimeException e) {
            // Thrown again on every retry of the transaction: a crash loop that would stop the alerts of every
            // patient of the partition. The event is kept without findings, so a fixed engine judges it on a scan.
            log.error("Rules failed on an event; kept without findings, patientId={} eventId={}", patientId,
                    eventId(record.value()), e);
            save(before, held(before, record.value(), now), now);
            return;
        }
        if (!outcome.changed()) {
            return;
        }
        save(before, outcome.history(), now);
        // the record's timestamp: when intake's producer sent it, once the request had been accepted
        forward(patientId, outcome.findings(), now, Instant.ofEpochMilli(record.timestamp()));
    }

    private void scan(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant settledBefore = now.minus(properties.settleTime());
        Instant deferredLongest = now.minus(properties.settleTime().multipliedBy(MAX_DEFERRALS));
        List<KeyValue<PatientHistory, RuleEngine.Outcome>> changed = new ArrayList<>();
        long held = 0;
        try (KeyValueIterator<String, PatientHistory> all = store.all()) {
            while (all.hasNext()) {
                PatientHistory before = all.next().value;
                held++;
                Burst burst = arrivals.get(before.patientId());
                if (burst != null && burst.latest().isAfter(settledBefore) && burst.began().isAfter(deferredLongest)) {
                    // events still arriving (an app's sync): judged at a scan once they have settled
                    continue;
                }
                try {
                    RuleEngine.Outcome outcome = engine.scan(before, now);
                    if (outcome.changed() || !prune(outcome.history(), now).equals(before)) {
                        changed.add(KeyValue.pair(before, outcome));
                    }
                }
                catch (RuntimeException e) {
                    // one patient's history must not keep the others from their scan (nor crash-loop the service)
                    log.error("Rules failed on the scan; patient skipped, patientId={}", before.patientId(), e);
                }
            }
        }
        arrivals.values().removeIf(burst -> !burst.latest().isAfter(settledBefore)
                || !burst.began().isAfter(deferredLongest));
        patients.set(held);
        // written after the iterator is closed: the store is not changed under an open iterator
        for (KeyValue<PatientHistory, RuleEngine.Outcome> change : changed) {
            save(change.key, change.value.history(), now);
            forward(change.key.patientId(), change.value.findings(), now, null);
        }
    }

    private void save(PatientHistory before, PatientHistory after, Instant now) {
        PatientHistory pruned = prune(after, now);
        if (pruned.truncatedBefore() != null && before.truncatedBefore() == null) {
            log.warn("Patient history over {} events: dropping the oldest, patientId={}",
                    properties.maxEventsPerPatient(), pruned.patientId());
        }
        if (pruned.isEmpty()) {
            store.delete(pruned.patientId());
        }
        else {
            store.put(pruned.patientId(), pruned);
        }
        // the store holds no empty history: an empty one before is a patient new to it, an empty one after is gone
        patients.addAndGet((pruned.isEmpty() ? 0 : 1) - (before.isEmpty() ? 0 : 1));
    }

    private PatientHistory prune(PatientHistory history, Instant now) {
        return history.pruned(now.minus(properties.historyRetention()), FINDING_MARGIN, LIFELONG_FINDINGS,
                properties.maxEventsPerPatient());
    }

    /**
     * @param eventAcceptedAt the causing record's timestamp; {@code null} for an alert raised by the scan, which no
     *                        event caused and whose latency would be the scan's, not the pipeline's
     */
    private void forward(String patientId, List<Finding> findings, Instant now, Instant eventAcceptedAt) {
        for (Finding finding : findings) {
            Record<String, AlertRaised> alert = new Record<>(patientId, toAlert(patientId, finding, now),
                    now.toEpochMilli());
            tracing.alertForwarding(alert.headers()).observe(() -> {
                log.info("Raised alertId={} rule={} severity={} patientId={} eventIds={}", finding.alertId(),
                        finding.rule(), finding.rule().severity(), patientId, finding.evidence().eventIds());
                context.forward(alert);
            });
            metrics.alertRaised(finding.rule());
            if (eventAcceptedAt != null) {
                // the stream's wall clock, as raisedAt: the time recorded is the alert's raisedAt minus the timestamp
                metrics.eventToAlert(finding.rule().severity(), Duration.between(eventAcceptedAt, now));
            }
        }
    }

    private RuleEngine.Outcome accept(PatientHistory history, PatientInput input, Instant now) {
        if (input instanceof PatientInput.Dose dose) {
            return engine.accept(history, dose.dose(), now);
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return engine.accept(history, symptoms.report(), now);
        }
        return engine.acceptProfile(history, ((PatientInput.Profile) input).profile(), now);
    }

    /** The history with the event (or profile) held, judged by no rule. */
    private static PatientHistory held(PatientHistory history, PatientInput input, Instant now) {
        if (input instanceof PatientInput.Dose dose) {
            return history.holdsEvent(dose.dose().eventId()) ? history : history.withDose(dose.dose());
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return history.holdsEvent(symptoms.report().eventId()) ? history : history.withSymptoms(symptoms.report());
        }
        return history.withProfile(((PatientInput.Profile) input).profile(), now);
    }

    private static String eventId(PatientInput input) {
        if (input instanceof PatientInput.Dose dose) {
            return dose.dose().eventId();
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return symptoms.report().eventId();
        }
        return "profile";
    }

    private static AlertRaised toAlert(String patientId, Finding finding, Instant raisedAt) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, finding.alertId(), patientId, finding.rule(),
                finding.rule().severity(), raisedAt, finding.summary(), finding.guidance(), finding.evidence(),
                finding.rulePack());
    }
}
