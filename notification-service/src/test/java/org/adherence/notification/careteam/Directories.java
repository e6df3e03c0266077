package org.adherence.notification.careteam;

import org.adherence.contracts.events.PatientProfileUpdated;

/** A care-team directory that has read the given profiles, for tests without a broker. */
public final class Directories {

    private Directories() {
    }

    public static CareTeamDirectory of(PatientProfileUpdated... profiles) {
        CareTeamDirectory directory = new CareTeamDirectory();
        for (PatientProfileUpdated profile : profiles) {
            directory.apply(profile.patientId(), profile);
        }
        directory.markCaughtUp();
        return directory;
    }
}
