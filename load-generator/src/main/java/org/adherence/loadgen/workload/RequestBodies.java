package org.adherence.loadgen.workload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Symptom;

/** The request bodies of CONTRACT.md's intake API, as a patient app and a care team send them. */
public final class RequestBodies {

    private RequestBodies() {
    }

    public record Profile(LocalDate birthDate, String timeZone, List<CareTeamMember> careTeam,
                          List<Prescription> prescriptions, List<String> conditions, List<String> coMedications) {
    }

    public record CareTeamMember(String name, String email, CareTeamRole role) {
    }

    public record Prescription(String drug, BigDecimal doseMg, int timesPerDay, LocalDate startDate) {
    }

    public record Dose(UUID eventId, String drug, BigDecimal doseMg, OffsetDateTime takenAt) {
    }

    public record SymptomReport(UUID eventId, List<Symptom> symptoms, OffsetDateTime observedAt) {
    }

    public record Batch(List<Dose> doses, List<SymptomReport> symptoms) {
    }
}
