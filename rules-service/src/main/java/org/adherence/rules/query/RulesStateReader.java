package org.adherence.rules.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.state.ProfileState;
import org.adherence.rules.state.StateCodec;
import org.adherence.rules.state.StateKeys;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the rules' state store (read-only, as interactive queries give it): one patient's record over a span of time,
 * and the quiet patients of a clinic. The same keys and codec as the judging ({@link StateKeys}, {@link StateCodec}):
 * nothing is kept twice.
 */
final class RulesStateReader {

    /** At most this many entries of each kind per record: a page, not an export. */
    static final int MAX_ENTRIES = 5000;

    private RulesStateReader() {
    }

    /** The patient's record from {@code from} to {@code to}; empty when the store holds no profile of the patient. */
    static Optional<PatientRecord> record(ReadOnlyKeyValueStore<Bytes, byte[]> store, String patientId, Instant from,
                                          Instant to) {
        byte[] profileBytes = store.get(StateKeys.profile(patientId));
        if (profileBytes == null) {
            return Optional.empty();
        }
        PatientProfileUpdated profile = StateCodec.profile(profileBytes).profile();
        if (profile == null) {
            return Optional.empty();
        }
        byte[] summaryBytes = store.get(StateKeys.summary(patientId));
        Instant heldFrom = summaryBytes == null ? null : StateCodec.summary(summaryBytes).heldFrom();
        List<PatientRecord.Dose> doses = read(store, StateKeys.dosesFrom(patientId, from),
                StateKeys.dosesTo(patientId, to),
                row -> PatientRecord.Dose.of(StateCodec.dose(row.key, row.value)));
        List<PatientRecord.SymptomReport> symptoms = read(store, StateKeys.symptomsFrom(patientId, from),
                StateKeys.symptomsTo(patientId, to),
                row -> PatientRecord.SymptomReport.of(StateCodec.symptoms(row.key, row.value)));
        List<PatientRecord.Finding> findings = read(store, StateKeys.findingsFrom(patientId, from),
                StateKeys.findingsTo(patientId, to),
                row -> PatientRecord.Finding.of(StateCodec.finding(row.key, row.value)));
        return Optional.of(new PatientRecord(patientId, profile.timeZone(), profile, from, to, heldFrom, doses,
                symptoms, findings));
    }

    /**
     * The clinic's patients in this store with a prescription active today (in their zone) and no event newer than
     * {@code now - silentFor}.
     */
    static List<QuietPatient> quiet(ReadOnlyKeyValueStore<Bytes, byte[]> store, String clinic, Duration silentFor,
                                    Clock clock) {
        Instant now = clock.instant();
        Instant quietSince = now.minus(silentFor);
        List<QuietPatient> quiet = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> profiles = store.range(StateKeys.profilesFrom(), StateKeys.profilesTo())) {
            while (profiles.hasNext()) {
                KeyValue<Bytes, byte[]> row = profiles.next();
                ProfileState state = StateCodec.profile(row.value);
                PatientProfileUpdated profile = state.profile();
                if (profile == null || !clinic.equals(profile.clinicId())) {
                    continue;
                }
                LocalDate today = LocalDate.ofInstant(now, profile.timeZone());
                List<Prescription> active = profile.prescriptions().stream()
                        .filter(p -> (p.startDate() == null || !p.startDate().isAfter(today))
                                && (p.endDate() == null || !p.endDate().isBefore(today))).toList();
                if (active.isEmpty()) {
                    continue;
                }
                String patientId = profile.patientId();
                Instant last = latest(lastTime(store, StateKeys.dosesFrom(patientId, null),
                        StateKeys.dosesTo(patientId, null)), lastTime(store, StateKeys.symptomsFrom(patientId, null),
                        StateKeys.symptomsTo(patientId, null)));
                if (last == null || last.isBefore(quietSince)) {
                    quiet.add(new QuietPatient(patientId, profile.timeZone(), last, active));
                }
            }
        }
        return quiet;
    }

    private static Instant lastTime(ReadOnlyKeyValueStore<Bytes, byte[]> store, Bytes from, Bytes to) {
        try (KeyValueIterator<Bytes, byte[]> newest = store.reverseRange(from, to)) {
            return newest.hasNext() ? StateKeys.timeOf(newest.next().key) : null;
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static <T> List<T> read(ReadOnlyKeyValueStore<Bytes, byte[]> store, Bytes from, Bytes to,
                                    Function<KeyValue<Bytes, byte[]>, T> decode) {
        List<T> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> rows = store.range(from, to)) {
            while (rows.hasNext() && out.size() < MAX_ENTRIES) {
                out.add(decode.apply(rows.next()));
            }
        }
        return out;
    }
}
