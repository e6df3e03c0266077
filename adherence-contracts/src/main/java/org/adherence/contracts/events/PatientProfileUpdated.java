package org.adherence.contracts.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;

/**
 * The latest profile of a patient. Value of the compacted {@code adherence.patient-profiles}, keyed by patient id.
 */
public record PatientProfileUpdated(int schemaVersion, String patientId, LocalDate birthDate, ZoneId timeZone,
                                    List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                    Set<Condition> conditions, Set<CoMedication> coMedications,
                                    Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public PatientProfileUpdated {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(timeZone, "timeZone");
        careTeam = careTeam == null ? List.of() : List.copyOf(careTeam);
        prescriptions = prescriptions == null ? List.of() : List.copyOf(prescriptions);
        conditions = conditions == null ? Set.of() : Set.copyOf(conditions);
        coMedications = coMedications == null ? Set.of() : Set.copyOf(coMedications);
    }

    public static PatientProfileUpdated of(String patientId, LocalDate birthDate, ZoneId timeZone,
                                           List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                           Set<Condition> conditions, Set<CoMedication> coMedications,
                                           Instant updatedAt) {
        return new PatientProfileUpdated(SCHEMA_VERSION, patientId, birthDate, timeZone, careTeam, prescriptions,
                conditions, coMedications, updatedAt);
    }
}
