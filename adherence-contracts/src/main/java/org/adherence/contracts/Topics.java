package org.adherence.contracts;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/**
 * The one place that names each topic of the platform's public contract (CONTRACT.md, "Kafka topics"). A service's
 * own topics are named in that service.
 */
public final class Topics {

    /** Compacted: the latest profile per patient. Written by intake. */
    public static final Topic<PatientProfileUpdated> PATIENT_PROFILES =
            new Topic<>("adherence.patient-profiles", PatientProfileUpdated.class, true);

    public static final Topic<DoseTaken> DOSE_EVENTS = new Topic<>("adherence.dose-events", DoseTaken.class, false);

    public static final Topic<SymptomsReported> SYMPTOM_EVENTS =
            new Topic<>("adherence.symptom-events", SymptomsReported.class, false);

    /** Written by rules, read by notification. */
    public static final Topic<AlertRaised> ALERTS = new Topic<>("adherence.alerts", AlertRaised.class, false);

    private Topics() {
    }
}
