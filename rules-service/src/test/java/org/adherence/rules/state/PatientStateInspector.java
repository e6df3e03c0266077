package org.adherence.rules.state;

import java.util.ArrayList;
import java.util.List;

import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.SymptomEntry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/** A test's look at everything held of one patient, assembled from the many records of the state. */
public final class PatientStateInspector {

    private PatientStateInspector() {
    }

    public static PatientHistory history(StateStore store, String patientId) {
        List<DoseEntry> doses = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> e : store.range(StateKeys.dosesFrom(patientId, null),
                StateKeys.dosesTo(patientId, null))) {
            doses.add(StateCodec.dose(e.key, e.value));
        }
        List<SymptomEntry> symptoms = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> e : store.range(StateKeys.symptomsFrom(patientId, null),
                StateKeys.symptomsTo(patientId, null))) {
            symptoms.add(StateCodec.symptoms(e.key, e.value));
        }
        List<FindingEntry> findings = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> e : store.range(StateKeys.findingsFrom(patientId, null),
                StateKeys.findingsTo(patientId, null))) {
            findings.add(StateCodec.finding(e.key, e.value));
        }
        byte[] profile = store.get(StateKeys.profile(patientId));
        ProfileState state = profile == null ? new ProfileState(null, List.of()) : StateCodec.profile(profile);
        return new PatientHistory(patientId, state.profile(), doses, symptoms, findings, state.zones());
    }

    /** The patient's summary; null when nothing is held. */
    public static PatientSummary summary(StateStore store, String patientId) {
        byte[] value = store.get(StateKeys.summary(patientId));
        return value == null ? null : StateCodec.summary(value);
    }
}
