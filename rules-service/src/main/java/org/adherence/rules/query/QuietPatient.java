package org.adherence.rules.query;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.events.Prescription;

/**
 * A patient with an active prescription from whom nothing has come for a while: an app that stopped syncing must not
 * look like an adherent patient.
 *
 * @param lastEventAt the event time of the newest dose or symptom report held; null when none is held (none ever came,
 *                    or the last one is older than the state's retention)
 */
public record QuietPatient(String patientId, ZoneId timeZone, Instant lastEventAt,
                           List<Prescription> activePrescriptions) {

    public QuietPatient {
        activePrescriptions = List.copyOf(activePrescriptions);
    }
}
