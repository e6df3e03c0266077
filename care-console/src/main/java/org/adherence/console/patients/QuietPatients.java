package org.adherence.console.patients;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.events.Prescription;

/**
 * The clinic's patients with an active prescription and no event for longer than {@code silentFor}, most silent
 * first, as rules-service gathers them from every instance ({@code GET /api/v1/quiet-patients}).
 *
 * @param incomplete an instance of rules-service could not be asked: some patients may be missing
 */
public record QuietPatients(Duration silentFor, List<Quiet> patients, boolean incomplete) {

    public QuietPatients {
        patients = patients == null ? List.of() : List.copyOf(patients);
    }

    /** @param lastEventAt the newest dose or symptom report held; null when none is */
    public record Quiet(String patientId, ZoneId timeZone, Instant lastEventAt, List<Prescription> activePrescriptions) {
    }
}
