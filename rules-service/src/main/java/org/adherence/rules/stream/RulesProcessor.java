package org.adherence.rules.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.state.BufferedStateStore;
import org.adherence.rules.state.KeyValueStateStore;
import org.adherence.rules.state.StateStore;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * For each patient event: judge it with the window of the patient's history it needs ({@link PatientJudge}), store
 * it and the findings not raised before, emit one alert per finding. A duplicate eventId changes nothing. A record
 * beyond the event limits, or one whose judgement fails, is written to its dead-letter topic instead, with nothing of
 * it kept in state.
 * <p>
 * Every scan interval of wall-clock time, the patients due by then: the same with all rules, including the
 * time-based ones. Wall-clock, not stream time: stream time stands still for a patient who sends nothing more, which
 * is exactly the patient the time-based rules are about.
 * <p>
 * Each record is evaluated in an observation continuing the trace its headers carry, so that the log lines about it
 * and the alerts it raises carry its trace id; an alert raised by the scan starts a trace of its own.
 */
final class RulesProcessor implements Processor<String, PatientInput, String, RulesOutput> {

    private static final Logger log = LoggerFactory.getLogger(RulesProcessor.class);

    static final int MAX_DEFERRALS = 10;

    private static final ContractJsonSerializer JSON = new ContractJsonSerializer();

    private final PatientJudge judge;

    private final RulesProperties properties;

    private final RulesMetrics metrics;

    private final RecordTracing tracing;

    private ProcessorContext<String, RulesOutput> context;

    private StateStore store;

    /** The patients held in this task's store, for {@code adherence.patients.tracked}. */
    private AtomicLong patients;

    private AtomicLong backlog;

    /** Due entries before it have been visited: the next scan's range starts there, past their tombstones. */
    private Instant visitedTo = Instant.MIN;

    /**
     * Patients whose events are still arriving (this task's only): when the burst began and when its latest event
     * came. A patient is judged by the scan once no event has come for the settle time, and in any case once the
     * burst is {@link #MAX_DEFERRALS} settle times old, so that an app posting without pause cannot hide a stop.
     */
    private final Map<String, Burst> arrivals = new HashMap<>();

    private record Burst(Instant began, Instant latest) {
    }

    RulesProcessor(PatientJudge judge, RulesProperties properties, RulesMetrics metrics,
                   ObservationRegistry observations) {
        this.properties = properties;
        this.metrics = metrics;
        this.tracing = new RecordTracing(observations);
        this.judge = judge.withListener(new MeteredListener(metrics, () -> patients));
    }

    @Override
    public void init(ProcessorContext<String, RulesOutput> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> kv = context.getStateStore(RulesState.NAME);
        this.store = new KeyValueStateStore(kv);
        this.patients = metrics.patientsOfTask();
        this.backlog = metrics.backlogOfTask();
        patients.set(judge.patients(store));
        context.schedule(properties.scanInterval(), PunctuationType.WALL_CLOCK_TIME, this::scan);
    }

    @Override
    public void close() {
        // the task moves to another instance (or is closed after a failure): its patients are counted there
        if (patients != null) {
            metrics.taskClosed(patients, backlog);
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
            log.warn("Skipping a record without patient id or value at {}", position());
            return;
        }
        String violation = InputLimits.violation(patientId, record.value());
        if (violation != null) {
            log.error("Not judged: beyond the event limits ({}), dead-lettered, patientId={} eventId={} at {}",
                    violation, safe(patientId), safe(eventId(record.value())), position());
            deadLetter(record, RulesMetrics.NotJudged.LIMITS, null);
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        arrivals.merge(patientId, new Burst(now, now), (burst, next) -> new Burst(burst.began(), now));
        BufferedStateStore writes = new BufferedStateStore(store);
        List<Finding> found;
        // only the judging is caught: what forward throws is Kafka Streams' to handle
        try {
            found = accept(writes, patientId, record.value(), now);
            writes.commit(RulesState.MAX_RECORD_BYTES);
        }
        catch (BufferedStateStore.RecordTooLarge e) {
            log.error("Not judged: {}; dead-lettered, patientId={} eventId={} at {}", e.getMessage(), patientId,
                    eventId(record.value()), position());
            deadLetter(record, RulesMetrics.NotJudged.OVERSIZE, e);
            return;
        }
        catch (RuntimeException e) {
            writes.discard();
            log.error("Not judged: the rules failed on the event; dead-lettered, nothing kept, patientId={} "
                    + "eventId={} at {}", patientId, eventId(record.value()), position(), e);
            deadLetter(record, RulesMetrics.NotJudged.FAILED, e);
            return;
        }
        // the record's timestamp: when intake's producer sent it, once the request had been accepted
        forward(patientId, found, now, Instant.ofEpochMilli(record.timestamp()));
    }

    private List<Finding> accept(StateStore writes, String patientId, PatientInput input, Instant now) {
        if (input instanceof PatientInput.Dose dose) {
            return judge.dose(writes, patientId, dose.dose(), now);
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return judge.symptoms(writes, patientId, symptoms.report(), now);
        }
        return judge.profile(writes, patientId, ((PatientInput.Profile) input).profile(), now);
    }

    /**
     * The patients due by now, in due order, for at most the scan budget; those left are the next scan's. A patient
     * whose events are still arriving waits until they have settled.
     */
    private void scan(long wallClockMs) {
        long started = System.nanoTime();
        long deadline = started + properties.scanBudget().toNanos();
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant settledBefore = now.minus(properties.settleTime());
        Instant deferredLongest = now.minus(properties.settleTime().multipliedBy(MAX_DEFERRALS));
        // an hour before the last visit too: an entry written under a wall clock that was set back is found
        Instant from = visitedTo.equals(Instant.MIN) ? visitedTo : visitedTo.minus(Duration.ofHours(1));
        List<PatientJudge.Due> due = judge.due(store, from, now, Integer.MAX_VALUE);
        int visited = 0;
        for (PatientJudge.Due next : due) {
            if (System.nanoTime() > deadline) {
                break;
            }
            visited++;
            String patientId = next.patientId();
            Burst burst = arrivals.get(patientId);
            if (burst != null && burst.latest().isAfter(settledBefore) && burst.began().isAfter(deferredLongest)) {
                // events still arriving (an app's sync): judged at a scan once they have settled
                Instant settled = burst.latest().plus(properties.settleTime());
                Instant longest = burst.began().plus(properties.settleTime().multipliedBy(MAX_DEFERRALS));
                judge.postpone(store, patientId, settled.isBefore(longest) ? settled : longest);
                continue;
            }
            arrivals.remove(patientId);
            BufferedStateStore writes = new BufferedStateStore(store);
            List<Finding> found;
            try {
                found = judge.judgeDue(writes, patientId, now);
                writes.commit(RulesState.MAX_RECORD_BYTES);
            }
            catch (RuntimeException e) {
                // a patient whose history the rules fail on must not stop the others' scan: judged again later
                writes.discard();
                metrics.notJudged(RulesMetrics.NotJudged.SCAN);
                log.error("Rules failed on the scan; patient judged again after a back-off, patientId={}", patientId,
                        e);
                judge.failed(store, patientId, next.at(), now);
                continue;
            }
            forward(patientId, found, now, null);
        }
        visitedTo = visited < due.size() ? due.get(visited).at() : now;
        backlog.set(due.size() - visited);
        arrivals.values().removeIf(burst -> !burst.latest().isAfter(settledBefore)
                || !burst.began().isAfter(deferredLongest));
        metrics.scanned(Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * @param eventAcceptedAt the causing record's timestamp; {@code null} for an alert raised by the scan, which no
     *                        event caused and whose latency would be the scan's, not the pipeline's
     */
    private void forward(String patientId, List<Finding> findings, Instant now, Instant eventAcceptedAt) {
        for (Finding finding : findings) {
            Record<String, RulesOutput> alert = new Record<>(patientId,
                    new RulesOutput.Alert(toAlert(patientId, finding, now)), now.toEpochMilli());
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

    /** The record to its dead-letter topic, as its contract writes it, with where it came from and why. */
    private void deadLetter(Record<String, PatientInput> record, RulesMetrics.NotJudged reason, Exception cause) {
        metrics.notJudged(reason);
        Object value = record.value() instanceof PatientInput.Dose dose ? dose.dose()
                : record.value() instanceof PatientInput.Symptoms symptoms ? symptoms.report()
                : ((PatientInput.Profile) record.value()).profile();
        Headers headers = record.headers();
        context.recordMetadata().ifPresent(m -> {
            headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.toString(m.partition())
                    .getBytes(StandardCharsets.UTF_8));
            headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        headers.add(DeadLetters.REASON_HEADER, reason.name().toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8));
        if (cause != null) {
            headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(record.key(), new RulesOutput.DeadLetter(JSON.serialize(null, value)),
                record.timestamp(), headers));
    }

    private String position() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown position");
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

    /** An id from a record beyond the limits, cut for the log line. */
    private static String safe(String id) {
        return id == null || id.length() <= 80 ? id : id.substring(0, 80) + "...";
    }

    private static AlertRaised toAlert(String patientId, Finding finding, Instant raisedAt) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, finding.alertId(), patientId, finding.rule(),
                finding.rule().severity(), raisedAt, finding.summary(), finding.guidance(), finding.evidence(),
                finding.rulePack());
    }
}
