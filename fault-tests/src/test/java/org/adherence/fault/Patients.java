package org.adherence.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.adherence.testsupport.TestTokens;

/**
 * A test's own patients, {@code <prefix>-0001 ...}, each with a care team of one physician and one caregiver
 * (addresses of its own) and no prescription: a 25 mg dose then raises exactly one alert, SINGLE_DOSE_ABOVE_MAX
 * (HIGH), mailed to both (RULES.md), and nothing else.
 */
final class Patients {

    private final String prefix;

    private final List<String> ids = new ArrayList<>();

    private Patients(String prefix, int count) {
        this.prefix = prefix;
        for (int i = 1; i <= count; i++) {
            ids.add(String.format("%s-%04d", prefix, i));
        }
    }

    /** {@code count} patients under a prefix of its own for this test ({@code <name>-<8 hex>}). */
    static Patients of(String name, int count) {
        return new Patients(name + "-" + UUID.randomUUID().toString().substring(0, 8), count);
    }

    String prefix() {
        return prefix;
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    String id(int index) {
        return ids.get(index);
    }

    int count() {
        return ids.size();
    }

    boolean owns(String patientId) {
        return patientId != null && patientId.startsWith(prefix + "-");
    }

    static String physician(String patientId) {
        return "neuro-" + patientId + "@clinic.example";
    }

    static String caregiver(String patientId) {
        return "carer-" + patientId + "@family.example";
    }

    static String token(String patientId) {
        return TestTokens.patientApp(patientId);
    }

    static String profile(String patientId) {
        return """
                {"birthDate": "1970-05-04", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Neuro", "email": "%s", "role": "PHYSICIAN"},
                              {"name": "Carer", "email": "%s", "role": "CAREGIVER"}],
                 "prescriptions": [], "conditions": [], "coMedications": []}"""
                .formatted(physician(patientId), caregiver(patientId));
    }

    /** Puts every patient's profile with a care-team token; fails unless each is answered {@code 202}. */
    void enrol(FaultStack stack) throws Exception {
        String careTeam = TestTokens.careTeam();
        for (String id : ids) {
            var answer = stack.send("PUT", "/api/v1/patients/" + id, careTeam, profile(id));
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("Enrolling " + id + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
        }
    }
}
