package org.adherence.contracts.events;

import java.time.OffsetDateTime;

/** Something a patient app reported: a dose or a symptom report. */
public sealed interface PatientEvent permits DoseTaken, SymptomsReported {

    String eventId();

    String patientId();

    /** Event time: when it happened for the patient, not when it reached us. */
    OffsetDateTime occurredAt();
}
