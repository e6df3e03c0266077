package org.adherence.rules;

import java.math.BigDecimal;
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

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.pack.RulePacks;

/** One patient's events fed through the rule engine exactly as the stream processor feeds them. */
public final class Scenario {

    public static final RulePacks PACKS = RulePacks.load("classpath*:rulepacks/*.json");

    /** 2026-11-24 in Berlin, winter time. */
    public static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(1);

    private final RuleEngine engine;

    private PatientHistory history;

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

    /** A dose of baclofen; returns the findings it raised. */
    public List<Finding> dose(String mg, OffsetDateTime takenAt) {
        return dose(UUID.randomUUID().toString(), mg, "baclofen", takenAt);
    }

    public List<Finding> dose(String eventId, String mg, String drug, OffsetDateTime takenAt) {
        return record(engine.accept(history, DoseTaken.of(eventId, history.patientId(), drug, new BigDecimal(mg),
                takenAt, Instant.EPOCH)));
    }

    public List<Finding> replay(DoseTaken dose) {
        return record(engine.accept(history, dose));
    }

    public List<Finding> symptoms(OffsetDateTime observedAt, Symptom... symptoms) {
        return symptoms(UUID.randomUUID().toString(), observedAt, symptoms);
    }

    public List<Finding> symptoms(String eventId, OffsetDateTime observedAt, Symptom... symptoms) {
        return record(engine.accept(history, SymptomsReported.of(eventId, history.patientId(), List.of(symptoms),
                observedAt, null, Instant.EPOCH)));
    }

    public List<Finding> profile(ZoneId zone, Prescription... prescriptions) {
        return record(engine.acceptProfile(history, PatientProfileUpdated.of(history.patientId(),
                LocalDate.of(1979, 3, 14), zone, List.of(), List.of(prescriptions), Set.of(), Set.of(),
                Instant.EPOCH)));
    }

    public List<Finding> raised() {
        return List.copyOf(raised);
    }

    public PatientHistory history() {
        return history;
    }

    private List<Finding> record(RuleEngine.Outcome outcome) {
        history = outcome.history();
        raised.addAll(outcome.findings());
        return outcome.findings();
    }
}
