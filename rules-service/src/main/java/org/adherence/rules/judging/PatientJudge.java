package org.adherence.rules.judging;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import org.adherence.contracts.clinics.ProfileOwnership;
import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.RuleCatalog;
import org.adherence.rules.config.RulesProperties;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.PatientView;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.history.ZoneChange;
import org.adherence.rules.history.ZoneTimeline;
import org.adherence.rules.pack.RulePack;
import org.adherence.rules.pack.RulePacks;
import org.adherence.rules.state.PatientSummary;
import org.adherence.rules.state.ProfileState;
import org.adherence.rules.state.StateCodec;
import org.adherence.rules.state.StateKeys;
import org.adherence.rules.state.StateStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one patient at a time over the state kept as many small records (see {@link StateKeys}): each event with
 * the window of local days around it that the rules need, each due patient of the scan from the first day it has to
 * judge again on. Plain Java over a {@link StateStore}: the stream processor, the replay command and the tests run it
 * alike.
 * <p>
 * An event: store it; judge the rules about what happened over the window around it; store the findings not raised
 * before. The patient is then due for the scan, which judges every rule, the time-based ones included, from the
 * earliest day that changed (or the last judgement by the scan) to the latest event; it leaves the patient due next
 * when a time-based rule can next fire (a day ends, a dose's 24 hours run out) or the oldest day held runs past the
 * retention. A profile is judged over everything held (the rules that depend on it run again over the history), and
 * the scan after it too.
 * <p>
 * Every finding is kept only if the window holds everything its rule reads ({@link Coverage}); the windows are chosen
 * so that every finding an event or the passing of time can newly give is one of those.
 */
public final class PatientJudge {

    private static final Logger log = LoggerFactory.getLogger(PatientJudge.class);

    /** How much longer than events findings are kept: longer than any rule looks back at findings from an event. */
    static final Duration FINDING_MARGIN = Duration.ofDays(8);

    /** Rules whose "at most" is per patient (per set of conditions or co-medications): kept whatever their age. */
    static final Set<RuleId> LIFELONG_FINDINGS = Set.of(RuleId.CONTRAINDICATION_REVIEW, RuleId.INTERACTION_RISK);

    /** The longest back-off of a patient whose judgement fails again and again. */
    static final Duration MAX_BACK_OFF = Duration.ofHours(1);

    private static final byte[] EMPTY = new byte[0];

    private final RuleEngine engine;

    private final RulePacks packs;

    private final Horizons horizons;

    private final Duration retention;

    private final int maxEvents;

    private final long maxStateBytes;

    private final JudgingListener listener;

    /**
     * Profiles as last read, by patient, with the bytes they were read from: a profile is read with every event and
     * seldom changes, and reading its JSON again each time was a fifth of the judging's time. The store stays the
     * truth: a cached profile is used only while the store holds the same bytes.
     */
    private final Map<String, CachedProfile> profiles = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedProfile> eldest) {
            return size() > PROFILES_CACHED;
        }
    };

    private static final int PROFILES_CACHED = 20_000;

    private record CachedProfile(byte[] bytes, ProfileState profile) {
    }

    /**
     * @param retention     how long events are held (whole local days); findings 8 days longer
     * @param maxEvents     the most events, and the most findings, held for one patient
     * @param maxStateBytes the most bytes of events held for one patient
     */
    public PatientJudge(RuleEngine engine, RulePacks packs, Duration retention, int maxEvents, long maxStateBytes,
                        JudgingListener listener) {
        this.engine = engine;
        this.packs = packs;
        this.horizons = Horizons.of(packs.all());
        this.retention = retention;
        this.maxEvents = maxEvents;
        this.maxStateBytes = maxStateBytes;
        this.listener = listener;
    }

    /** The judge of the service's rules ({@link RuleCatalog}) under its settings. */
    public static PatientJudge of(RulePacks packs, RulesProperties properties) {
        return new PatientJudge(RuleCatalog.engine(packs), packs, properties.historyRetention(),
                properties.maxEventsPerPatient(), properties.maxStateBytesPerPatient().toBytes(),
                JudgingListener.NONE);
    }

    /** The same judge, telling another listener (each stream task counts its own patients). */
    public PatientJudge withListener(JudgingListener other) {
        return new PatientJudge(engine, packs, retention, maxEvents, maxStateBytes, other);
    }

    // ---- events

    /** A dose: the findings it raised (none for an event id already held). */
    public List<Finding> dose(StateStore store, String patientId, DoseTaken dose, Instant now) {
        Bytes id = StateKeys.eventId(patientId, dose.eventId());
        if (store.get(id) != null) {
            return List.of();
        }
        Patient patient = load(store, patientId);
        DoseEntry entry = DoseEntry.of(dose);
        Instant at = entry.instant();
        Bytes key = StateKeys.dose(patientId, at, entry.eventId());
        byte[] value = StateCodec.dose(entry);
        store.put(key, value);
        store.put(id, EMPTY);
        ZoneTimeline timeline = patient.timeline();
        patient.summary = added(patient.summary, at, key.get().length + value.length + id.get().length,
                entry.drug(), timeline.localDate(at));

        Instant from = timeline.startOf(timeline.localDate(at).minusDays(horizons.eventDays()));
        Instant to = timeline.endOf(timeline.localDate(at.plus(horizons.eventForward()))).minusNanos(1);
        // reports only from the dose on: the muscle weakness after an overdose it reveals is the only one it can change
        Window window = load(store, patient, from, to, at);
        List<Finding> found = store(store, patient, judged(patient, engine.evaluate(window.view(), now, false)));
        arrived(patient, at, now);
        return finish(store, patient, found, now);
    }

    /** A symptom report: the findings it raised (none for an event id already held). */
    public List<Finding> symptoms(StateStore store, String patientId, SymptomsReported report, Instant now) {
        Bytes id = StateKeys.eventId(patientId, report.eventId());
        if (store.get(id) != null) {
            return List.of();
        }
        Patient patient = load(store, patientId);
        SymptomEntry entry = SymptomEntry.of(report);
        Instant at = entry.instant();
        Bytes key = StateKeys.symptoms(patientId, at, entry.eventId());
        byte[] value = StateCodec.symptoms(entry);
        store.put(key, value);
        store.put(id, EMPTY);
        patient.summary = added(patient.summary, at, key.get().length + value.length + id.get().length, null, null);

        // no rule reads another report or a dose about a report: the report and the findings before it
        List<Finding> found = judgeReport(store, patient, entry, now);
        arrived(patient, at, now);
        return finish(store, patient, found, now);
    }

    /**
     * A new, changed or deleted ({@code null}) profile: the rules about what happened judge everything held again
     * (rules that depend on the profile raise their findings also for events that came before it), and the next
     * scan judges every rule over everything held.
     */
    public List<Finding> profile(StateStore store, String patientId, PatientProfileUpdated profile, Instant now) {
        Patient patient = load(store, patientId);
        PatientProfileUpdated current = patient.profile.profile();
        if (profile != null && !ProfileOwnership.accepts(current == null ? null : current.clinicId(),
                profile.clinicId())) {
            // two clinics enrolled one new id at once: the first on the topic owns the patient, as every consumer
            // decides (ProfileOwnership); the other's profile neither judges nor opens the record to that clinic
            log.warn("Ignored a profile of patientId={} from clinic {}: the patient is another clinic's", patientId,
                    profile.clinicId());
            return List.of();
        }
        List<ZoneChange> before = patient.profile.zones();
        patient.profile = new ProfileState(profile, PatientHistory.zonesAfter(before, profile, now));
        if (!patient.profile.zones().equals(before)) {
            // the days of the events after the change are dated anew
            patient.summary = withDays(patient.summary, daysWithDoses(store, patientId, patient.timeline()));
        }
        if (profile == null && patient.profile.zones().isEmpty()) {
            store.delete(StateKeys.profile(patientId));
        }
        else {
            store.put(StateKeys.profile(patientId), StateCodec.profile(patient.profile));
        }
        Window window = load(store, patient, null, null, null);
        List<Finding> found = store(store, patient, judged(patient, engine.evaluate(window.view(), now, false)));
        PatientSummary s = patient.summary;
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(),
                s.nextDue(), true, s.failures(), s.truncationLogged(), s.daysWithDoses());
        return finish(store, patient, found, now);
    }

    // ---- the scan

    /** The patients due by {@code upTo}, from {@code from} on, in due order; at most {@code limit}. */
    public List<Due> due(StateStore store, Instant from, Instant upTo, int limit) {
        List<Due> due = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.dueFrom(from), StateKeys.dueTo(upTo), false,
                limit)) {
            due.add(new Due(StateKeys.dueTime(entry.key), StateKeys.duePatient(entry.key)));
        }
        return due;
    }

    /** A patient due for the scan at a time. */
    public record Due(Instant at, String patientId) {
    }

    /**
     * The scan's judgement of a due patient: every rule from the first day that changed since the last one (or that
     * time runs out on) to the latest event. The findings raised.
     */
    public List<Finding> judgeDue(StateStore store, String patientId, Instant now) {
        Bytes summaryKey = StateKeys.summary(patientId);
        if (store.get(summaryKey) == null) {
            return List.of();
        }
        Patient patient = load(store, patientId);
        PatientSummary s = patient.summary;
        Instant from = null;
        if (!s.fullPassPending()) {
            Instant start = earliest(s.dirtyFrom(), s.judgedUpTo());
            start = start == null ? now : start;
            ZoneTimeline timeline = patient.timeline();
            from = timeline.startOf(timeline.localDate(start).minusDays(horizons.scanDays()));
        }
        Window window = load(store, patient, from, null, from);
        RuleEngine.Outcome outcome = engine.evaluate(window.view(), now, true);
        List<Finding> found = store(store, patient, outcome.findings());
        s = patient.summary;
        int failures = outcome.ruleFailed() ? s.failures() + 1 : 0;
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), null, now, s.nextDue(),
                outcome.ruleFailed(), failures, s.truncationLogged(), s.daysWithDoses());
        prune(store, patient, now);
        Instant next = outcome.ruleFailed() ? now.plus(backOff(failures)) : nextDue(patient, window, now);
        setDue(store, patient, next);
        save(store, patient);
        return found;
    }

    /**
     * A judgement by the scan failed (a bug): the patient is due again after a back-off that doubles with each
     * failure in a row, from a minute to an hour, and judged over everything held then.
     */
    public void failed(StateStore store, String patientId, Instant dueAt, Instant now) {
        Patient patient;
        try {
            patient = load(store, patientId);
        }
        catch (RuntimeException unreadable) {
            // its state cannot be read: tried again once the longest back-off has passed
            store.delete(StateKeys.due(dueAt, patientId));
            store.put(StateKeys.due(ceilMillis(now.plus(MAX_BACK_OFF)), patientId), EMPTY);
            return;
        }
        if (!patient.existed) {
            return;
        }
        PatientSummary s = patient.summary;
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(),
                s.nextDue(), true, s.failures() + 1, s.truncationLogged(), s.daysWithDoses());
        setDue(store, patient, now.plus(backOff(s.failures() + 1)));
        save(store, patient);
    }

    /** Leaves a due patient for a later scan (its events are still arriving). */
    public void postpone(StateStore store, String patientId, Instant until) {
        Patient patient = load(store, patientId);
        if (patient.existed) {
            setDue(store, patient, until);
            save(store, patient);
        }
    }

    /** The patients held. */
    public long patients(StateStore store) {
        return store.range(StateKeys.summariesFrom(), StateKeys.summariesTo()).size();
    }

    // ---- judging

    private List<Finding> judgeReport(StateStore store, Patient patient, SymptomEntry report, Instant now) {
        Instant at = report.instant();
        Instant findingsFrom = at.minus(horizons.findingSpan());
        List<FindingEntry> findings = findings(store, patient.id, findingsFrom, at);
        PatientHistory history = new PatientHistory(patient.id, patient.profile.profile(), List.of(),
                List.of(report), findings, patient.profile.zones());
        Coverage coverage = new Coverage(at, at, at, later(findingsFrom, patient.summary.findingsPrunedTo()), at,
                history.timeline(), List.of(), packs);
        return store(store, patient, judged(patient, engine.evaluate(view(store, patient, history, coverage), now,
                false)));
    }

    /**
     * The history from {@code from} to {@code to} (null: from the first, to the last event held; reports from
     * {@code symptomsFrom}), the findings around it, the last dose before it (a stop it may end) with the stops found
     * after that dose, and the latest dose held (which the rules about the profile's lists cite).
     */
    private Window load(StateStore store, Patient patient, Instant from, Instant to, Instant symptomsFrom) {
        String id = patient.id;
        List<DoseEntry> doses = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.dosesFrom(id, from), StateKeys.dosesTo(id, to))) {
            doses.add(StateCodec.dose(entry.key, entry.value));
        }
        List<DoseEntry> stopDoses = new ArrayList<>(doses);
        List<FindingEntry> extraFindings = new ArrayList<>();
        if (from != null) {
            for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.dosesFrom(id, null),
                    StateKeys.dosesTo(id, from.minusNanos(1)), true, 1)) {
                DoseEntry before = StateCodec.dose(entry.key, entry.value);
                doses.add(0, before);
                stopDoses.add(0, before);
                extraFindings.addAll(stopsAfter(store, id, before));
            }
        }
        if (to != null) {
            for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.dosesFrom(id, to.plusNanos(1)),
                    StateKeys.dosesTo(id, null), true, 1)) {
                doses.add(StateCodec.dose(entry.key, entry.value));
            }
        }
        List<SymptomEntry> symptoms = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.symptomsFrom(id, symptomsFrom),
                StateKeys.symptomsTo(id, to))) {
            symptoms.add(StateCodec.symptoms(entry.key, entry.value));
        }
        Instant findingsFrom = from == null ? null : from.minus(horizons.findingSpan());
        Instant findingsTo = to == null ? null : to.plus(horizons.findingSpan());
        List<FindingEntry> findings = findings(store, id, findingsFrom, findingsTo);
        for (FindingEntry stop : extraFindings) {
            if (findings.stream().noneMatch(f -> f.alertId().equals(stop.alertId()))) {
                findings.add(0, stop);
            }
        }
        PatientSummary s = patient.summary;
        PatientHistory history = new PatientHistory(id, patient.profile.profile(), doses, symptoms, findings,
                patient.profile.zones());
        Coverage coverage = new Coverage(later(from == null ? Instant.MIN : from, s.heldFrom()),
                symptomsFrom == null ? Instant.MIN : symptomsFrom, to == null ? Instant.MAX : to,
                later(findingsFrom == null ? Instant.MIN : findingsFrom, s.findingsPrunedTo()),
                findingsTo == null ? Instant.MAX : findingsTo, history.timeline(), stopDoses, packs);
        return new Window(history, view(store, patient, history, coverage));
    }

    private PatientView view(StateStore store, Patient patient, PatientHistory history, Coverage coverage) {
        PatientSummary s = patient.summary;
        return new PatientView(history, s.drugsHeld(), s::daysWithDoses,
                alertId -> store.get(StateKeys.alertId(patient.id, alertId)) != null, coverage::covers);
    }

    /** A window of the history and the view the rules get of it. */
    private record Window(PatientHistory history, PatientView view) {
    }

    /** The stops found after a dose: the {@code ABRUPT_DISCONTINUATION} of each pack of its drug. */
    private List<FindingEntry> stopsAfter(StateStore store, String patientId, DoseEntry dose) {
        List<FindingEntry> stops = new ArrayList<>();
        for (RulePack pack : packs.all()) {
            if (pack.drug().equals(dose.drug())) {
                String alertId = AlertIds.of(pack.id(), RuleId.ABRUPT_DISCONTINUATION,
                        patientId, dose.eventId());
                Bytes key = StateKeys.finding(patientId, dose.instant().plus(pack.discontinuation().noDoseFor()),
                        alertId);
                byte[] value = store.get(key);
                if (value != null) {
                    stops.add(StateCodec.finding(key, value));
                }
            }
        }
        return stops;
    }

    private static List<FindingEntry> findings(StateStore store, String patientId, Instant from, Instant to) {
        List<FindingEntry> findings = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.findingsFrom(patientId, from),
                StateKeys.findingsTo(patientId, to))) {
            findings.add(StateCodec.finding(entry.key, entry.value));
        }
        return findings;
    }

    /** Stores the findings raised, each with its alert id. */
    private List<Finding> store(StateStore store, Patient patient, List<Finding> found) {
        PatientSummary s = patient.summary;
        int count = s.findingCount();
        int bytes = s.findingBytes();
        Instant oldest = s.oldestFinding();
        for (Finding finding : found) {
            Bytes key = StateKeys.finding(patient.id, finding.anchor(), finding.alertId());
            byte[] value = StateCodec.finding(finding.toEntry());
            Bytes id = StateKeys.alertId(patient.id, finding.alertId());
            store.put(key, value);
            store.put(id, EMPTY);
            count++;
            bytes += key.get().length + value.length + id.get().length;
            if (!LIFELONG_FINDINGS.contains(finding.rule())) {
                oldest = earliest(oldest, finding.anchor());
            }
        }
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), count, bytes, s.eventsFrom(),
                s.heldFrom(), oldest, s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(), s.nextDue(),
                s.fullPassPending(), s.failures(), s.truncationLogged(), s.daysWithDoses());
        return found;
    }

    // ---- bookkeeping

    /**
     * The findings of an evaluation; a rule that failed on the way (a bug) leaves the patient to be judged whole by the
     * next scan, which backs off while it keeps failing.
     */
    private static List<Finding> judged(Patient patient, RuleEngine.Outcome outcome) {
        if (outcome.ruleFailed() && !patient.summary.fullPassPending()) {
            PatientSummary s = patient.summary;
            patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                    s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(),
                    s.judgedUpTo(), s.nextDue(), true, s.failures(), s.truncationLogged(), s.daysWithDoses());
        }
        return outcome.findings();
    }

    private static PatientSummary added(PatientSummary s, Instant at, int bytes, String drug, LocalDate day) {
        Map<String, NavigableSet<LocalDate>> days = s.daysWithDoses();
        if (drug != null && !s.daysWithDoses(drug).contains(day)) {
            days = new HashMap<>(days);
            NavigableSet<LocalDate> ofDrug = new TreeSet<>(s.daysWithDoses(drug));
            ofDrug.add(day);
            days.put(drug, ofDrug);
        }
        return new PatientSummary(s.eventCount() + 1, s.eventBytes() + bytes, s.findingCount(), s.findingBytes(),
                earliest(s.eventsFrom(), at), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(),
                s.judgedUpTo(), s.nextDue(), s.fullPassPending(), s.failures(), s.truncationLogged(), days);
    }

    private static PatientSummary withDays(PatientSummary s, Map<String, NavigableSet<LocalDate>> days) {
        return new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(), s.eventsFrom(),
                s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(), s.nextDue(),
                s.fullPassPending(), s.failures(), s.truncationLogged(), days);
    }

    /** An event arrived: the scan is to judge from its day on, at its next visit. */
    private void arrived(Patient patient, Instant at, Instant now) {
        PatientSummary s = patient.summary;
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), earliest(s.dirtyFrom(), at),
                s.judgedUpTo(), s.nextDue(), s.fullPassPending(), s.failures(), s.truncationLogged(),
                s.daysWithDoses());
    }

    private List<Finding> finish(StateStore store, Patient patient, List<Finding> found, Instant now) {
        if (patient.summary.dirtyFrom() != null || patient.summary.fullPassPending()) {
            due(store, patient, now);
        }
        prune(store, patient, now);
        save(store, patient);
        return found;
    }

    /** Due at {@code now} at the latest (an entry is moved only to an earlier time: a burst writes it once). */
    private static void due(StateStore store, Patient patient, Instant now) {
        Instant next = patient.summary.nextDue();
        if (next == null || next.isAfter(now)) {
            setDue(store, patient, now);
        }
    }

    private static void setDue(StateStore store, Patient patient, Instant at) {
        PatientSummary s = patient.summary;
        Instant due = at == null ? null : ceilMillis(at);
        if (due != null && due.equals(s.nextDue())) {
            return;
        }
        if (s.nextDue() != null) {
            store.delete(StateKeys.due(s.nextDue(), patient.id));
        }
        if (due != null) {
            store.put(StateKeys.due(due, patient.id), EMPTY);
        }
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(),
                due, s.fullPassPending(), s.failures(), s.truncationLogged(), s.daysWithDoses());
    }

    /**
     * When a time-based rule can next fire or something held runs past the retention: the end of a day with doses,
     * the end of the latest dose's time without a dose, the end of the day after the oldest event held.
     */
    private Instant nextDue(Patient patient, Window window, Instant now) {
        PatientSummary s = patient.summary;
        ZoneTimeline timeline = window.history().timeline();
        Instant next = null;
        Map<String, DoseEntry> latest = new HashMap<>();
        for (DoseEntry dose : window.history().doses()) {
            latest.merge(dose.drug(), dose, (a, b) -> b.instant().isAfter(a.instant()) ? b : a);
            Instant dayEnd = timeline.endOf(timeline.localDate(dose.instant()));
            if (dayEnd.isAfter(now)) {
                next = earliest(next, dayEnd);
            }
        }
        for (DoseEntry dose : latest.values()) {
            for (RulePack pack : packs.all()) {
                Instant stop = dose.instant().plus(pack.discontinuation().noDoseFor());
                if (pack.drug().equals(dose.drug()) && stop.isAfter(now)) {
                    next = earliest(next, stop);
                }
            }
        }
        if (s.eventsFrom() != null) {
            next = earliest(next, timeline.startOf(timeline.localDate(s.eventsFrom()).plusDays(1)).plus(retention));
        }
        if (s.oldestFinding() != null) {
            next = earliest(next, timeline.startOf(timeline.localDate(s.oldestFinding().plus(FINDING_MARGIN))
                    .plusDays(1)).plus(retention));
        }
        return next == null || next.isAfter(now) ? next : now;
    }

    private static Duration backOff(int failures) {
        Duration backOff = Duration.ofMinutes(1L << Math.min(failures - 1, 10));
        return backOff.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff;
    }

    // ---- pruning

    /**
     * Drops what no rule can need any more: the events of the local days that ended before the retention, the
     * findings 8 days older (but those whose "at most" is per patient); then, while the patient holds more events or
     * bytes than its bounds, its oldest days (and of a single day left, its oldest reports, then doses), and the
     * oldest findings beyond the bound on their number. Whole local days where it can: a day cut in two would be
     * judged again as a day of missed doses.
     */
    private void prune(StateStore store, Patient patient, Instant now) {
        ZoneTimeline timeline = patient.timeline();
        Instant dayCutoff = timeline.startOf(timeline.localDate(now.minus(retention)));
        PatientSummary s = patient.summary;
        if (s.eventsFrom() != null && s.eventsFrom().isBefore(dayCutoff)) {
            int dropped = dropEvents(store, patient, dayCutoff.minusNanos(1), true, true);
            listener.dropped(patient.id, JudgingListener.Bound.RETENTION, JudgingListener.Kind.EVENT, dropped);
            heldFrom(patient, dayCutoff);
        }
        Instant findingCutoff = dayCutoff.minus(FINDING_MARGIN);
        if (patient.summary.oldestFinding() != null && patient.summary.oldestFinding().isBefore(findingCutoff)) {
            int dropped = dropFindings(store, patient, findingCutoff.minusNanos(1), false, Integer.MAX_VALUE);
            listener.dropped(patient.id, JudgingListener.Bound.RETENTION, JudgingListener.Kind.FINDING, dropped);
        }
        boolean overBound = false;
        while (patient.summary.eventCount() > maxEvents || patient.summary.eventBytes() > maxStateBytes) {
            overBound = true;
            JudgingListener.Bound bound = patient.summary.eventCount() > maxEvents ? JudgingListener.Bound.COUNT
                    : JudgingListener.Bound.BYTES;
            LocalDate oldest = timeline.localDate(patient.summary.eventsFrom());
            Instant lastEvent = lastEvent(store, patient.id);
            int dropped;
            if (timeline.localDate(lastEvent).isAfter(oldest)) {
                Instant end = timeline.endOf(oldest);
                dropped = dropEvents(store, patient, end.minusNanos(1), true, true);
                heldFrom(patient, end);
            }
            else {
                // one day left (a flood): its oldest reports first, which no other rule reads, then its oldest doses
                dropped = dropOldest(store, patient);
            }
            listener.dropped(patient.id, bound, JudgingListener.Kind.EVENT, dropped);
        }
        if (patient.summary.findingCount() > maxEvents) {
            overBound = true;
            int dropped = dropFindings(store, patient, Instant.MAX, true, patient.summary.findingCount() - maxEvents);
            listener.dropped(patient.id, JudgingListener.Bound.COUNT, JudgingListener.Kind.FINDING, dropped);
        }
        if (overBound && !patient.summary.truncationLogged()) {
            listener.overBound(patient.id, patient.summary.eventCount(), patient.summary.eventBytes());
            s = patient.summary;
            patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                    s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(),
                    s.judgedUpTo(), s.nextDue(), s.fullPassPending(), s.failures(), true, s.daysWithDoses());
        }
    }

    /** Drops the doses (and reports) up to {@code to}; the number dropped. */
    private int dropEvents(StateStore store, Patient patient, Instant to, boolean doses, boolean symptoms) {
        int dropped = 0;
        if (doses) {
            dropped += drop(store, patient, store.range(StateKeys.dosesFrom(patient.id, null),
                    StateKeys.dosesTo(patient.id, to)));
        }
        if (symptoms) {
            dropped += drop(store, patient, store.range(StateKeys.symptomsFrom(patient.id, null),
                    StateKeys.symptomsTo(patient.id, to)));
        }
        afterDrop(store, patient);
        return dropped;
    }

    /** Of a single day held: its oldest report, or without reports its oldest dose. */
    private int dropOldest(StateStore store, Patient patient) {
        List<KeyValue<Bytes, byte[]>> oldest = store.range(StateKeys.symptomsFrom(patient.id, null),
                StateKeys.symptomsTo(patient.id, null), false, 1);
        if (oldest.isEmpty()) {
            oldest = store.range(StateKeys.dosesFrom(patient.id, null), StateKeys.dosesTo(patient.id, null), false,
                    1);
            heldFrom(patient, StateKeys.timeOf(oldest.get(0).key).plusNanos(1));
        }
        int dropped = drop(store, patient, oldest);
        afterDrop(store, patient);
        return dropped;
    }

    private static int drop(StateStore store, Patient patient, List<KeyValue<Bytes, byte[]>> events) {
        PatientSummary s = patient.summary;
        int count = s.eventCount();
        int bytes = s.eventBytes();
        for (KeyValue<Bytes, byte[]> event : events) {
            Bytes id = StateKeys.eventId(patient.id, StateKeys.idOf(event.key));
            store.delete(event.key);
            store.delete(id);
            count--;
            bytes -= event.key.get().length + event.value.length + id.get().length;
        }
        patient.summary = new PatientSummary(count, bytes, s.findingCount(), s.findingBytes(), s.eventsFrom(),
                s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(), s.nextDue(),
                s.fullPassPending(), s.failures(), s.truncationLogged(), s.daysWithDoses());
        return events.size();
    }

    /** The earliest event held and the days with doses, after events were dropped. */
    private void afterDrop(StateStore store, Patient patient) {
        PatientSummary s = patient.summary;
        Instant first = earliest(firstTime(store.range(StateKeys.dosesFrom(patient.id, null),
                StateKeys.dosesTo(patient.id, null), false, 1)), firstTime(store.range(
                StateKeys.symptomsFrom(patient.id, null), StateKeys.symptomsTo(patient.id, null), false, 1)));
        Map<String, NavigableSet<LocalDate>> days = new HashMap<>();
        ZoneTimeline timeline = patient.timeline();
        s.daysWithDoses().forEach((drug, set) -> {
            NavigableSet<LocalDate> kept = new TreeSet<>();
            for (LocalDate day : set) {
                if (first != null && !timeline.endOf(day).isAfter(first)) {
                    continue;
                }
                kept.add(day);
            }
            if (!kept.isEmpty() && first != null && kept.first().equals(timeline.localDate(first))) {
                // the first day may have lost some of its doses: still one of this drug?
                LocalDate day = kept.first();
                boolean any = store.range(StateKeys.dosesFrom(patient.id, timeline.startOf(day)),
                        StateKeys.dosesTo(patient.id, timeline.endOf(day).minusNanos(1))).stream()
                        .anyMatch(e -> StateCodec.dose(e.key, e.value).drug().equals(drug));
                if (!any) {
                    kept.remove(day);
                }
            }
            days.put(drug, kept);
        });
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(), first,
                s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(), s.judgedUpTo(), s.nextDue(),
                s.fullPassPending(), s.failures(), s.truncationLogged(), days);
    }

    private static void heldFrom(Patient patient, Instant from) {
        PatientSummary s = patient.summary;
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), s.findingCount(), s.findingBytes(),
                s.eventsFrom(), later(s.heldFrom(), from), s.oldestFinding(), s.findingsPrunedTo(), s.dirtyFrom(),
                s.judgedUpTo(), s.nextDue(), s.fullPassPending(), s.failures(), s.truncationLogged(),
                s.daysWithDoses());
    }

    /**
     * Drops findings anchored up to {@code to}: those kept for life too if {@code all}; at most {@code limit}, the
     * oldest. The number dropped.
     */
    private int dropFindings(StateStore store, Patient patient, Instant to, boolean all, int limit) {
        PatientSummary s = patient.summary;
        int count = s.findingCount();
        int bytes = s.findingBytes();
        int dropped = 0;
        Instant prunedTo = s.findingsPrunedTo();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.findingsFrom(patient.id, null),
                StateKeys.findingsTo(patient.id, to))) {
            if (dropped >= limit) {
                break;
            }
            FindingEntry finding = StateCodec.finding(entry.key, entry.value);
            if (!all && LIFELONG_FINDINGS.contains(finding.rule())) {
                continue;
            }
            Bytes id = StateKeys.alertId(patient.id, finding.alertId());
            store.delete(entry.key);
            store.delete(id);
            count--;
            bytes -= entry.key.get().length + entry.value.length + id.get().length;
            dropped++;
            prunedTo = later(prunedTo, finding.anchor().plusNanos(1));
        }
        if (!all) {
            prunedTo = later(prunedTo, to.plusNanos(1));
        }
        Instant oldest = null;
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.findingsFrom(patient.id, null),
                StateKeys.findingsTo(patient.id, null))) {
            FindingEntry finding = StateCodec.finding(entry.key, entry.value);
            if (!LIFELONG_FINDINGS.contains(finding.rule())) {
                oldest = finding.anchor();
                break;
            }
        }
        patient.summary = new PatientSummary(s.eventCount(), s.eventBytes(), count, bytes, s.eventsFrom(),
                s.heldFrom(), oldest, prunedTo, s.dirtyFrom(), s.judgedUpTo(), s.nextDue(), s.fullPassPending(),
                s.failures(), s.truncationLogged(), s.daysWithDoses());
        return dropped;
    }

    private static Instant lastEvent(StateStore store, String patientId) {
        Instant dose = firstTime(store.range(StateKeys.dosesFrom(patientId, null), StateKeys.dosesTo(patientId, null),
                true, 1));
        Instant report = firstTime(store.range(StateKeys.symptomsFrom(patientId, null),
                StateKeys.symptomsTo(patientId, null), true, 1));
        return later(dose, report);
    }

    private static Instant firstTime(List<KeyValue<Bytes, byte[]>> entries) {
        return entries.isEmpty() ? null : StateKeys.timeOf(entries.get(0).key);
    }

    /** The days with doses of each drug over the whole history held, dated by a (new) zone timeline. */
    private static Map<String, NavigableSet<LocalDate>> daysWithDoses(StateStore store, String patientId,
                                                                      ZoneTimeline timeline) {
        Map<String, NavigableSet<LocalDate>> days = new HashMap<>();
        for (KeyValue<Bytes, byte[]> entry : store.range(StateKeys.dosesFrom(patientId, null),
                StateKeys.dosesTo(patientId, null))) {
            DoseEntry dose = StateCodec.dose(entry.key, entry.value);
            days.computeIfAbsent(dose.drug(), drug -> new TreeSet<>()).add(timeline.localDate(dose.instant()));
        }
        return days;
    }

    /** Writes the summary, or deletes the patient once nothing is held. */
    private void save(StateStore store, Patient patient) {
        if (patient.summary.holdsNothing() && patient.profile.profile() == null) {
            store.delete(StateKeys.summary(patient.id));
            store.delete(StateKeys.profile(patient.id));
            if (patient.summary.nextDue() != null) {
                store.delete(StateKeys.due(patient.summary.nextDue(), patient.id));
            }
            if (patient.existed) {
                listener.patientRemoved();
            }
            return;
        }
        store.put(StateKeys.summary(patient.id), StateCodec.summary(patient.summary));
        if (!patient.existed) {
            listener.patientAdded();
        }
    }

    // ---- small helpers

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant ceilMillis(Instant at) {
        Instant millis = Instant.ofEpochMilli(at.toEpochMilli());
        return millis.isBefore(at) ? millis.plusMillis(1) : millis;
    }

    private Patient load(StateStore store, String patientId) {
        byte[] summary = store.get(StateKeys.summary(patientId));
        return new Patient(patientId, summary != null,
                summary == null ? PatientSummary.empty() : StateCodec.summary(summary), profile(store, patientId));
    }

    private ProfileState profile(StateStore store, String patientId) {
        byte[] bytes = store.get(StateKeys.profile(patientId));
        if (bytes == null) {
            return new ProfileState(null, List.of());
        }
        CachedProfile cached = profiles.get(patientId);
        if (cached == null || !java.util.Arrays.equals(cached.bytes(), bytes)) {
            cached = new CachedProfile(bytes, StateCodec.profile(bytes));
            profiles.put(patientId, cached);
        }
        return cached.profile();
    }

    /** One patient's summary and profile as loaded, changed in place while judging. */
    private static final class Patient {

        final String id;

        final boolean existed;

        PatientSummary summary;

        ProfileState profile;

        private Patient(String id, boolean existed, PatientSummary summary, ProfileState profile) {
            this.id = id;
            this.existed = existed;
            this.summary = summary;
            this.profile = profile;
        }


        ZoneTimeline timeline() {
            return new ZoneTimeline(profile.zones());
        }
    }
}
