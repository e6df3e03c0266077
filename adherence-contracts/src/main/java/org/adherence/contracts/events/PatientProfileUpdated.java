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
 *
 * @param clinicId the clinic of the care-team token that put it, set by intake from the token's {@code clinic} claim
 *                 (never from the request body); null on profiles written before clinics existed. Which clinic a
 *                 patient belongs to is decided by {@link org.adherence.contracts.clinics.ProfileOwnership}: every
 *                 consumer decides the same way
 */
public record PatientProfileUpdated(int schemaVersion, String patientId, LocalDate birthDate, ZoneId timeZone,
                                    List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                    Set<Condition> conditions, Set<CoMedication> coMedications,
                                    Instant updatedAt, String clinicId) {

    public static final int SCHEMA_VERSION = 1;

    public PatientProfileUpdated {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(timeZone, "timeZone");
        careTeam = careTeam == null ? List.of() : List.copyOf(careTeam);
        prescriptions = prescriptions == null ? List.of() : List.copyOf(prescriptions);
        conditions = conditions == null ? Set.of() : Set.copyOf(conditions);
        coMedications = coMedications == null ? Set.of() : Set.copyOf(coMedications);
    }

    /** A profile of no clinic, as written before clinics existed (kept so that code written then still compiles). */
    public PatientProfileUpdated(int schemaVersion, String patientId, LocalDate birthDate, ZoneId timeZone,
                                 List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                 Set<Condition> conditions, Set<CoMedication> coMedications, Instant updatedAt) {
        this(schemaVersion, patientId, birthDate, timeZone, careTeam, prescriptions, conditions, coMedications,
                updatedAt, null);
    }

    /** A profile of no clinic (tests, tools and code written before clinics existed). */
    public static PatientProfileUpdated of(String patientId, LocalDate birthDate, ZoneId timeZone,
                                           List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                           Set<Condition> conditions, Set<CoMedication> coMedications,
                                           Instant updatedAt) {
        return of(patientId, birthDate, timeZone, careTeam, prescriptions, conditions, coMedications, updatedAt,
                null);
    }

    public static PatientProfileUpdated of(String patientId, LocalDate birthDate, ZoneId timeZone,
                                           List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                                           Set<Condition> conditions, Set<CoMedication> coMedications,
                                           Instant updatedAt, String clinicId) {
        return new PatientProfileUpdated(SCHEMA_VERSION, patientId, birthDate, timeZone, careTeam, prescriptions,
                conditions, coMedications, updatedAt, clinicId);
    }
}
