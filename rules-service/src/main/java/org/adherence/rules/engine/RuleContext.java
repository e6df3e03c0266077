package org.adherence.rules.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.history.ZoneTimeline;
import org.adherence.rules.pack.RulePack;

/**
 * What a rule sees: one patient's history under one rule pack, the findings raised so far (including those of rules
 * that ran before it in this evaluation), and the wall-clock time of the evaluation, which only the time-based rules
 * read.
 */
public final class RuleContext {

    private final PatientView view;

    private final PatientHistory history;

    private final RulePack pack;

    private final List<FindingEntry> findings;

    private final Instant now;

    private final ZoneTimeline timeline;

    // worked out once per evaluation: every rule reads them, and the scan runs every minute for every patient
    private List<DoseEntry> doses;

    private SortedMap<LocalDate, List<DoseEntry>> dosesByDay;

    public RuleContext(PatientView view, RulePack pack, List<FindingEntry> findings, Instant now) {
        this.view = view;
        this.history = view.window();
        this.pack = pack;
        this.findings = findings;
        this.now = now;
        this.timeline = history.timeline();
    }


    public PatientHistory history() {
        return history;
    }

    public RulePack pack() {
        return pack;
    }

    /**
     * The findings raised so far, of every rule and pack, including those of the rules that ran before in this
     * evaluation (a view that grows as they are raised).
     */
    public List<FindingEntry> findings() {
        return findings;
    }

    /** The wall-clock time of the evaluation; only time-based rules read it. */
    public Instant now() {
        return now;
    }

    public String patientId() {
        return history.patientId();
    }

    /** This pack's drug's doses, in event-time order. */
    public List<DoseEntry> doses() {
        if (doses == null) {
            doses = history.dosesOf(pack.drug());
        }
        return doses;
    }

    public List<SymptomEntry> symptoms() {
        return history.symptoms();
    }

    /** This pack's findings of one rule (findings kept from before packs were recorded count for every pack). */
    public List<FindingEntry> findingsOf(RuleId rule) {
        return findings.stream()
                .filter(f -> f.rule() == rule && (f.rulePack() == null || f.rulePack().equals(pack.id())))
                .toList();
    }

    public String alertId(RuleId rule, String findingKey) {
        return AlertIds.of(pack.id(), rule, patientId(), findingKey);
    }

    /** A finding of this pack about this patient, its alert id made of the rule and the key. */
    public Finding finding(RuleId rule, String key, Instant anchor, String summary, String guidance,
                           AlertEvidence evidence) {
        return new Finding(alertId(rule, key), rule, anchor, summary, guidance, evidence, pack.id());
    }

    /** The patient's time zone now; UTC while none is known. */
    public ZoneId zone() {
        return timeline.current();
    }

    /** The date of an instant in the zone in force at that instant (see {@link ZoneTimeline}). */
    public LocalDate localDate(Instant time) {
        return timeline.localDate(time);
    }

    /**
     * The first instant of a local day (a day of 23 or 25 hours where the clocks change; shorter or longer where the
     * patient's zone changed, see {@link ZoneTimeline}).
     */
    public Instant startOf(LocalDate day) {
        return timeline.startOf(day);
    }

    /** The first instant after a local day. */
    public Instant endOf(LocalDate day) {
        return timeline.endOf(day);
    }

    /** Whether the patient's zone changed during a local day, making it shorter than that date usually is. */
    public boolean shortenedByZoneChange(LocalDate day) {
        return timeline.changeOn(day).isNegative();
    }

    /** Whether the patient's zone changed during a local day, making it longer than that date usually is. */
    public boolean lengthenedByZoneChange(LocalDate day) {
        Duration change = timeline.changeOn(day);
        return !change.isNegative() && !change.isZero();
    }

    /** A local day is complete once its end, in the patient's zone, has passed on the wall clock. */
    public boolean completed(LocalDate day) {
        return !endOf(day).isAfter(now);
    }

    /** This pack's drug's doses grouped by local day, days in order. */
    public SortedMap<LocalDate, List<DoseEntry>> dosesByDay() {
        if (dosesByDay == null) {
            SortedMap<LocalDate, List<DoseEntry>> byDay = new TreeMap<>();
            for (DoseEntry dose : doses()) {
                byDay.computeIfAbsent(localDate(dose.instant()), day -> new ArrayList<>()).add(dose);
            }
            byDay.replaceAll((day, list) -> List.copyOf(list));
            dosesByDay = Collections.unmodifiableSortedMap(byDay);
        }
        return dosesByDay;
    }

    /**
     * Every local day of the history held with a dose of this pack's drug, also those outside the window the rules
     * see (a run of daily use can be longer than any window).
     */
    public Set<LocalDate> daysWithDoses() {
        return view.daysWithDoses().apply(pack.drug());
    }

    public static BigDecimal total(List<DoseEntry> doses) {
        return doses.stream().map(DoseEntry::doseMg).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The patient's prescriptions of this pack's drug; none without a profile. */
    public List<Prescription> prescriptions() {
        return history.currentProfile().map(p -> p.prescriptions().stream()
                .filter(rx -> rx.drug() != null && rx.drug().strip().toLowerCase(Locale.ROOT).equals(pack.drug()))
                .toList()).orElse(List.of());
    }

    /** The prescriptions of this pack's drug in force on a local day, together. */
    public Optional<Prescribed> prescribedOn(LocalDate day) {
        List<Prescription> inForce = prescriptions().stream()
                .filter(rx -> rx.doseMg() != null && rx.timesPerDay() > 0)
                .filter(rx -> rx.startDate() == null || !day.isBefore(rx.startDate()))
                .filter(rx -> rx.endDate() == null || !day.isAfter(rx.endDate()))
                .toList();
        return inForce.isEmpty() ? Optional.empty() : Optional.of(new Prescribed(inForce));
    }

    /**
     * Whether the patient was advised to have stopped by {@code day}: a prescription of this pack's drug ended before
     * it and none is in force on it (one starting later is a planned break).
     */
    public boolean prescriptionEndedBefore(LocalDate day) {
        return prescribedOn(day).isEmpty()
                && prescriptions().stream().anyMatch(rx -> rx.endDate() != null && rx.endDate().isBefore(day));
    }

    /**
     * A time as the care team should read it: in the patient's time zone in force at that time, else (no profile yet)
     * with the offset the app sent.
     */
    public String display(OffsetDateTime time) {
        return Display.time(local(time));
    }

    /** An instant in the patient's zone in force at that instant (UTC while none is known). */
    public String display(Instant time) {
        return Display.time(local(time));
    }

    /** A time in the zone the care team reads, for evidence. */
    public OffsetDateTime local(OffsetDateTime time) {
        return history.zones().isEmpty() ? time
                : time.atZoneSameInstant(timeline.zoneAt(time.toInstant())).toOffsetDateTime();
    }

    public OffsetDateTime local(Instant time) {
        return time.atZone(timeline.zoneAt(time)).toOffsetDateTime();
    }
}
