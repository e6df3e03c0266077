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
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.pack.RulePacks;

/**
 * One patient's events fed through the rule engine exactly as the stream processor feeds them, on a simulated wall
 * clock: an event is posted when it happens (the clock moves to its time, never back), and {@link #scanAt} runs the
 * wall-clock scan.
 */
public final class Scenario {

    public static final RulePacks PACKS = RulePacks.load("classpath*:rulepacks/*.json");

    /** 2026-11-24 in Berlin, winter time. */
    public static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(1);

    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final RuleEngine engine;

    private PatientHistory history;

    private Instant now = Instant.EPOCH;

    private final List<Finding> raised = new ArrayList<>();

    private Scenario(String patientId, RulePacks packs) {
        this.engine = RuleCatalog.engine(packs);
        this.history = PatientHistory.empty(patientId);
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
        return replay(DoseTaken.of(eventId, history.patientId(), drug, new BigDecimal(mg), takenAt, Instant.EPOCH));
    }

    public List<Finding> replay(DoseTaken dose) {
        return record(engine.accept(history, dose, clockAt(dose.takenAt().toInstant())));
    }

    public List<Finding> replay(SymptomsReported report) {
        return record(engine.accept(history, report, clockAt(report.observedAt().toInstant())));
    }

    public List<Finding> symptoms(OffsetDateTime observedAt, Symptom... symptoms) {
        return symptoms(UUID.randomUUID().toString(), observedAt, symptoms);
    }

    public List<Finding> symptoms(String eventId, OffsetDateTime observedAt, Symptom... symptoms) {
        return replay(SymptomsReported.of(eventId, history.patientId(), List.of(symptoms), observedAt, null,
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
        return record(engine.acceptProfile(history, PatientProfileUpdated.of(history.patientId(), birthDate, zone,
                List.of(), List.of(prescriptions), conditions, coMedications, updatedAt), now));
    }

    /** Moves the wall clock to {@code time} (never back) without scanning. */
    public void clockTo(OffsetDateTime time) {
        clockAt(time.toInstant());
    }

    /** The wall-clock scan at {@code time} (the clock never goes back). */
    public List<Finding> scanAt(OffsetDateTime time) {
        return record(engine.scan(history, clockAt(time.toInstant())));
    }

    /**
     * Scans every {@code step} of wall-clock time from the clock's time up to {@code time}, as the service does; all
     * findings raised. Before any event has set the clock, only at {@code time}.
     */
    public List<Finding> scanUntil(OffsetDateTime time, Duration step) {
        List<Finding> found = new ArrayList<>();
        for (Instant t = now.equals(Instant.EPOCH) ? time.toInstant() : now.plus(step); t.isBefore(time.toInstant());
             t = t.plus(step)) {
            found.addAll(record(engine.scan(history, clockAt(t))));
        }
        found.addAll(scanAt(time));
        return found;
    }

    public List<Finding> raised() {
        return List.copyOf(raised);
    }

    public PatientHistory history() {
        return history;
    }

    public Instant now() {
        return now;
    }

    private Instant clockAt(Instant time) {
        now = time.isAfter(now) ? time : now;
        return now;
    }

    private List<Finding> record(RuleEngine.Outcome outcome) {
        history = outcome.history();
        raised.addAll(outcome.findings());
        return outcome.findings();
    }
}
