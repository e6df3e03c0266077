package org.adherence.notification.careteam;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.adherence.contracts.events.PatientProfileUpdated;

/**
 * The latest profile of every patient, as read from the compacted profiles topic. It answers only once it has
 * read the whole topic: before that, an old profile could still be the latest it knows.
 */
public class CareTeamDirectory {

    private final Map<String, PatientProfileUpdated> profiles = new ConcurrentHashMap<>();

    private volatile boolean caughtUp;

    /** Takes in one record of the profiles topic; a {@code null} profile is a tombstone. */
    void apply(String patientId, PatientProfileUpdated profile) {
        if (profile == null) {
            profiles.remove(patientId);
        }
        else {
            profiles.put(patientId, profile);
        }
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public Optional<PatientProfileUpdated> profileOf(String patientId) {
        return Optional.ofNullable(profiles.get(patientId));
    }

    public int size() {
        return profiles.size();
    }
}
