package org.adherence.rules.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.adherence.rules.judging.JudgingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The judging's news about the state, as meters and a warning once per patient that goes over a bound. */
final class MeteredListener implements JudgingListener {

    private static final Logger log = LoggerFactory.getLogger(MeteredListener.class);

    private final RulesMetrics metrics;

    private final Supplier<AtomicLong> patients;

    MeteredListener(RulesMetrics metrics, Supplier<AtomicLong> patients) {
        this.metrics = metrics;
        this.patients = patients;
    }

    @Override
    public void dropped(String patientId, Bound bound, Kind kind, int count) {
        metrics.dropped(bound, kind, count);
    }

    @Override
    public void overBound(String patientId, int events, int eventBytes) {
        log.warn("Patient state over its bound (events={}, bytes={}): dropping the oldest, patientId={}", events,
                eventBytes, patientId);
    }

    @Override
    public void patientAdded() {
        patients.get().incrementAndGet();
    }

    @Override
    public void patientRemoved() {
        patients.get().decrementAndGet();
    }
}
