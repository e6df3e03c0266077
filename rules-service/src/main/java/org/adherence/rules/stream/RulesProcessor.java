package org.adherence.rules.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.PatientHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each patient event: history = store[patient] + event; findings = rules(history) - raised(history);
 * store[patient] = history + findings; emit one alert per finding. A duplicate eventId changes nothing.
 */
final class RulesProcessor implements Processor<String, PatientInput, String, AlertRaised> {

    private static final Logger log = LoggerFactory.getLogger(RulesProcessor.class);

    /** Longer than any window a rule suppresses repeats over (the 24 hours of DAILY_MAX_EXCEEDED). */
    static final Duration FINDING_MARGIN = Duration.ofDays(2);

    private final RuleEngine engine;

    private final Duration retention;

    private ProcessorContext<String, AlertRaised> context;

    private KeyValueStore<String, PatientHistory> store;

    RulesProcessor(RuleEngine engine, Duration retention) {
        this.engine = engine;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, AlertRaised> context) {
        this.context = context;
        this.store = context.getStateStore(PatientHistoryStore.NAME);
    }

    @Override
    public void process(Record<String, PatientInput> record) {
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
        RuleEngine.Outcome outcome = accept(before, record.value());
        if (!outcome.changed()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        store.put(patientId, outcome.history().prunedBefore(now.minus(retention), FINDING_MARGIN));
        List<Finding> findings = outcome.findings();
        for (Finding finding : findings) {
            log.info("Alert {} {} patientId={} alertId={}", finding.rule(), finding.rule().severity(), patientId,
                    finding.alertId());
            context.forward(record.withValue(toAlert(patientId, finding, now)));
        }
    }

    private RuleEngine.Outcome accept(PatientHistory history, PatientInput input) {
        if (input instanceof PatientInput.Dose dose) {
            return engine.accept(history, dose.dose());
        }
        if (input instanceof PatientInput.Symptoms symptoms) {
            return engine.accept(history, symptoms.report());
        }
        return engine.acceptProfile(history, ((PatientInput.Profile) input).profile());
    }

    private static AlertRaised toAlert(String patientId, Finding finding, Instant raisedAt) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, finding.alertId(), patientId, finding.rule(),
                finding.rule().severity(), raisedAt, finding.summary(), finding.guidance(), finding.evidence(),
                finding.rulePack());
    }
}
