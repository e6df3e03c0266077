package org.adherence.rules.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.PatientHistory;

/**
 * The rules run offline over a file of events, on a simulated wall clock: the events in event-time order, each
 * posted when it happened, and between them the wall-clock scan every scan interval, as the service runs it. The
 * same {@link RuleEngine} as the service's.
 */
final class Replay {

    /** A finding and when the simulated service raised it. */
    record Raised(Instant raisedAt, String patientId, Finding finding) {
    }

    private final RuleEngine engine;

    private final Duration scanInterval;

    private final Map<String, PatientHistory> histories = new TreeMap<>();

    private final Consumer<Raised> out;

    Replay(RuleEngine engine, Duration scanInterval, Consumer<Raised> out) {
        this.engine = engine;
        this.scanInterval = scanInterval;
        this.out = out;
    }

    /**
     * Replays the lines up to {@code until} and scans on until then (by default, the end of the local day of each
     * patient's last event, plus a day: long enough for every time-based rule to have judged the history).
     */
    void run(List<EventFile.Line> lines, Instant until) {
        List<EventFile.Line> ordered = new ArrayList<>(lines.stream()
                .filter(line -> until == null || line.time() == null || !line.time().isAfter(until)).toList());
        // profiles without a time first, then in time order; a stable sort keeps the file's order on a tie
        ordered.sort(Comparator.comparing(EventFile.Line::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        Instant clock = null;
        for (EventFile.Line line : ordered) {
            if (line.time() != null) {
                clock = clock == null ? line.time() : scanUntil(clock, line.time());
            }
            Instant now = clock == null ? Instant.EPOCH : clock;
            PatientHistory history = histories.getOrDefault(line.patientId(), PatientHistory.empty(line.patientId()));
            record(now, accept(history, line.event(), now));
        }
        if (clock != null) {
            Instant end = until != null ? until : defaultEnd();
            scanUntil(clock, end);
            scanAll(end);
        }
    }

    private RuleEngine.Outcome accept(PatientHistory history, Object event, Instant now) {
        if (event instanceof DoseTaken dose) {
            return engine.accept(history, dose, now);
        }
        if (event instanceof SymptomsReported report) {
            return engine.accept(history, report, now);
        }
        return engine.acceptProfile(history, (PatientProfileUpdated) event, now);
    }

    /** Scans every interval after {@code from} up to {@code to}; the clock's new time. */
    private Instant scanUntil(Instant from, Instant to) {
        Instant clock = from;
        while (!clock.plus(scanInterval).isAfter(to)) {
            clock = clock.plus(scanInterval);
            scanAll(clock);
        }
        return to.isAfter(clock) ? to : clock;
    }

    private void scanAll(Instant now) {
        for (PatientHistory history : List.copyOf(histories.values())) {
            record(now, engine.scan(history, now));
        }
    }

    private void record(Instant now, RuleEngine.Outcome outcome) {
        histories.put(outcome.history().patientId(), outcome.history());
        outcome.findings().forEach(f -> out.accept(new Raised(now, outcome.history().patientId(), f)));
    }

    private Instant defaultEnd() {
        Instant end = Instant.EPOCH;
        for (PatientHistory history : histories.values()) {
            Instant last = history.doses().stream().map(d -> d.instant())
                    .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            for (var report : history.symptoms()) {
                last = report.instant().isAfter(last) ? report.instant() : last;
            }
            var timeline = history.timeline();
            Instant dayEnd = timeline.endOf(timeline.localDate(last)).plus(Duration.ofDays(1));
            end = dayEnd.isAfter(end) ? dayEnd : end;
        }
        return end;
    }
}
