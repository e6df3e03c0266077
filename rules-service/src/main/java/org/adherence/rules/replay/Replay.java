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
import org.adherence.rules.history.ZoneTimeline;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.state.InMemoryStateStore;
import org.adherence.rules.state.StateCodec;
import org.adherence.rules.state.StateKeys;

/**
 * The rules run offline over a file of events, on a simulated wall clock: the events in event-time order, each
 * posted when it happened, and between them the wall-clock scan every scan interval, as the service runs it. The same
 * {@link PatientJudge} as the service's, over state in memory. A scan with no patient due changes nothing, so the
 * clock jumps over those: from a scan to the first one at or after the next patient's due time (a day's end, a
 * dose's 24 hours), on the same grid of scan instants.
 */
final class Replay {

    /** A finding and when the simulated service raised it. */
    record Raised(Instant raisedAt, String patientId, Finding finding) {
    }

    private final PatientJudge judge;

    private final Duration scanInterval;

    private final InMemoryStateStore store = new InMemoryStateStore();

    /** Each patient's latest event time. */
    private final Map<String, Instant> latest = new TreeMap<>();

    private final Consumer<Raised> out;

    Replay(PatientJudge judge, Duration scanInterval, Consumer<Raised> out) {
        this.judge = judge;
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
            record(now, line.patientId(), accept(line, now));
        }
        if (clock != null) {
            Instant end = until != null ? until : defaultEnd();
            scanUntil(clock, end);
            scanAll(end);
        }
    }

    private List<Finding> accept(EventFile.Line line, Instant now) {
        Object event = line.event();
        if (event instanceof DoseTaken dose) {
            latest.merge(line.patientId(), dose.takenAt().toInstant(), (a, b) -> a.isAfter(b) ? a : b);
            return judge.dose(store, line.patientId(), dose, now);
        }
        if (event instanceof SymptomsReported report) {
            latest.merge(line.patientId(), report.observedAt().toInstant(), (a, b) -> a.isAfter(b) ? a : b);
            return judge.symptoms(store, line.patientId(), report, now);
        }
        return judge.profile(store, line.patientId(), (PatientProfileUpdated) event, now);
    }

    /**
     * The scans every interval after {@code from} up to {@code to} at which a patient is due (the others would
     * find nothing); the clock's new time, {@code to}.
     */
    private Instant scanUntil(Instant from, Instant to) {
        Instant clock = from;
        while (true) {
            List<PatientJudge.Due> next = judge.due(store, Instant.MIN, Instant.MAX, 1);
            if (next.isEmpty()) {
                break;
            }
            Instant scan = clock.plus(scanInterval);
            if (next.get(0).at().isAfter(scan)) {
                long intervals = Duration.between(clock, next.get(0).at()).toNanos() / scanInterval.toNanos();
                scan = clock.plus(scanInterval.multipliedBy(intervals));
                scan = scan.isBefore(next.get(0).at()) ? scan.plus(scanInterval) : scan;
            }
            if (scan.isAfter(to)) {
                break;
            }
            clock = scan;
            scanAll(clock);
        }
        return to;
    }

    /** The scan at {@code now}: every patient due by then, in the order of their ids. */
    private void scanAll(Instant now) {
        List<String> due = judge.due(store, Instant.MIN, now, Integer.MAX_VALUE).stream()
                .map(PatientJudge.Due::patientId).sorted().toList();
        for (String patientId : due) {
            record(now, patientId, judge.judgeDue(store, patientId, now));
        }
    }

    private void record(Instant now, String patientId, List<Finding> findings) {
        findings.forEach(f -> out.accept(new Raised(now, patientId, f)));
    }

    private Instant defaultEnd() {
        Instant end = Instant.EPOCH;
        for (Map.Entry<String, Instant> patient : latest.entrySet()) {
            byte[] profile = store.get(StateKeys.profile(patient.getKey()));
            ZoneTimeline timeline = new ZoneTimeline(profile == null ? List.of()
                    : StateCodec.profile(profile).zones());
            Instant dayEnd = timeline.endOf(timeline.localDate(patient.getValue())).plus(Duration.ofDays(1));
            end = dayEnd.isAfter(end) ? dayEnd : end;
        }
        return end;
    }
}
