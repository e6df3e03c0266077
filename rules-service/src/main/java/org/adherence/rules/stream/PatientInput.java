package org.adherence.rules.stream;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/** One record of the three input topics, merged into one stream per patient. Never serialized. */
sealed interface PatientInput {

    record Dose(DoseTaken dose) implements PatientInput {
    }

    record Symptoms(SymptomsReported report) implements PatientInput {
    }

    /** A new or changed profile; {@code null} when the profile was deleted (a tombstone). */
    record Profile(PatientProfileUpdated profile) implements PatientInput {
    }
}
