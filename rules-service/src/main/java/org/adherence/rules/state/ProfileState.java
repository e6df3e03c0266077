package org.adherence.rules.state;

import java.util.List;

import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.rules.history.ZoneChange;

/**
 * The patient's profile as the rules keep it, whole (its clinic decides who may read the patient's record; its care
 * team is shown on the care console's patient page), and the zone timeline; the profile is null once deleted, the
 * timeline stays.
 */
public record ProfileState(PatientProfileUpdated profile, List<ZoneChange> zones) {

    /** The most zone changes kept, the newest: older days are dated in the oldest zone kept. */
    public static final int MAX_ZONES = 64;

    public ProfileState {
        zones = zones == null ? List.of() : List.copyOf(zones.subList(Math.max(0, zones.size() - MAX_ZONES),
                zones.size()));
    }
}
