package org.adherence.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.adherence.rules.state.InMemoryStateStore;
import org.adherence.rules.state.PatientStateInspector;

/**
 * One patient's events fed through the judging exactly as the stream processor feeds them (over state in memory, a
 * window of the history at a time), on a simulated wall clock: an event is posted when it happens (the clock moves to
 * its time, never back), and {@link #scanAt} runs the wall-clock scan, which judges the patient when due. The
 * retention is long enough that nothing is dropped: the rules see every event posted.
 */
public final class Scenario {

    public static final RulePacks PACKS = RulePacks.load("classpath*:rulepacks/*.json");

    /** 2026-11-24 in Berlin, winter time. */
    public static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(1);

    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final PatientJudge judge;

    private final String patientId;

    private final InMemoryStateStore store = new InMemoryStateStore();

    private Instant now = Instant.EPOCH;

    private final List<Finding> raised = new ArrayList<>();

    private Scenario(String patientId, RulePacks packs) {
        this.judge = PatientJudge.of(packs, new RulesProperties("unused", Duration.ofMinutes(1),
                Duration.ofDays(3650), 10_000, Duration.ofMinutes(1)));
        this.patientId = patientId;
    }

    public static Scenario patient(String patientId) {
        return new Scenario(patientId, PACKS);
    }

    public static Scenario patient(String patientId, RulePacks packs) {
        return new Scenario(patientId, packs);
    }

    public static OffsetDateTime at(int dayOffset, String time) {
        return OffsetDateTime.of(DAY.plusDays(dayOffset), LocalTime.parse(time), OFFSET);
    }

    public static DoseTaken dose(String eventId, String mg, OffsetDateTime takenAt) {
        return DoseTaken.of(eventId, "p-1", "baclofen", new BigDecimal(mg), takenAt, Instant.EPOCH);
    }

    public static Prescription prescription(String doseMg, int timesPerDay) {
        return new Prescription("baclofen", new BigDecimal(doseMg), timesPerDay, DAY.minusDays(30), null);
    }

    /** A dose of baclofen; returns the findings it raised. */
    public List<Finding> dose(String mg, OffsetDateTime takenAt) {
        return dose(UUID.randomUUID().toString(), mg, "baclofen", takenAt);
    }

    public List<Finding> dose(String eventId, String mg, String drug, OffsetDateTime takenAt) {
        return replay(DoseTaken.of(eventId, patientId, drug, new BigDecimal(mg), takenAt, Instant.EPOCH));
    }

    public List<Finding> replay(DoseTaken dose) {
        return record(judge.dose(store, patientId, dose, clockAt(dose.takenAt().toInstant())));
    }

    public List<Finding> replay(SymptomsReported report) {
        return record(judge.symptoms(store, patientId, report, clockAt(report.observedAt().toInstant())));
    }

    public List<Finding> symptoms(OffsetDateTime observedAt, Symptom... symptoms) {
        return symptoms(UUID.randomUUID().toString(), observedAt, symptoms);
    }

    public List<Finding> symptoms(String eventId, OffsetDateTime observedAt, Symptom... symptoms) {
        return replay(SymptomsReported.of(eventId, patientId, List.of(symptoms), observedAt, null,
                Instant.EPOCH));
    }

    public List<Finding> profile(ZoneId zone, Prescription... prescriptions) {
        return profile(LocalDate.of(1979, 3, 14), zone, Set.of(), Set.of(), prescriptions);
    }

    /** A profile without {@code updatedAt}: its zone is in force from the clock's time (as the service receives it). */
    public List<Finding> profile(LocalDate birthDate, ZoneId zone, Set<Condition> conditions,
                                 Set<CoMedication> coMedications, Prescription... prescriptions) {
        return profile(null, birthDate, zone, conditions, coMedications, prescriptions);
    }

    /** A profile stamped {@code updatedAt}, posted at the clock's time. */
    public List<Finding> profile(Instant updatedAt, LocalDate birthDate, ZoneId zone, Set<Condition> conditions,
                                 Set<CoMedication> coMedications, Prescription... prescriptions) {
        return record(judge.profile(store, patientId, PatientProfileUpdated.of(patientId, birthDate, zone,
                List.of(), List.of(prescriptions), conditions, coMedications, updatedAt), now));
    }

    /** Moves the wall clock to {@code time} (never back) without scanning. */
    public void clockTo(OffsetDateTime time) {
        clockAt(time.toInstant());
    }

    /** The wall-clock scan at {@code time} (the clock never goes back). */
    public List<Finding> scanAt(OffsetDateTime time) {
        return scan(clockAt(time.toInstant()));
    }

    /**
     * Scans every {@code step} of wall-clock time from the clock's time up to {@code time}, as the service does; all
     * findings raised. Before any event has set the clock, only at {@code time}.
     */
    public List<Finding> scanUntil(OffsetDateTime time, Duration step) {
        List<Finding> found = new ArrayList<>();
        for (Instant t = now.equals(Instant.EPOCH) ? time.toInstant() : now.plus(step); t.isBefore(time.toInstant());
             t = t.plus(step)) {
            found.addAll(scan(clockAt(t)));
        }
        found.addAll(scanAt(time));
        return found;
    }

    public List<Finding> raised() {
        return List.copyOf(raised);
    }

    /** Everything held of the patient, assembled from the state. */
    public PatientHistory history() {
        return PatientStateInspector.history(store, patientId);
    }

    public InMemoryStateStore store() {
        return store;
    }

    public Instant now() {
        return now;
    }

    private Instant clockAt(Instant time) {
        now = time.isAfter(now) ? time : now;
        return now;
    }

    /** The scan: the patient judged if due by {@code at}. */
    private List<Finding> scan(Instant at) {
        boolean due = !judge.due(store, Instant.MIN, at, 1).isEmpty();
        return due ? record(judge.judgeDue(store, patientId, at)) : List.of();
    }

    private List<Finding> record(List<Finding> findings) {
        raised.addAll(findings);
        return findings;
    }
}
