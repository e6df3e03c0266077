package org.adherence.security;

/** The token scopes of the contract, as the authorities Spring Security derives from the {@code scope} claim. */
public final class Scopes {

    /** A patient app: may post events for the patient its token names in {@code sub}. */
    public static final String EVENTS_WRITE = "SCOPE_events:write";

    /** A care team or enrolment system: profiles and events of its clinic's patients, their delivery logs. */
    public static final String PATIENTS_WRITE = "SCOPE_patients:write";

    /** A care team that reads: the delivery logs of its clinic's patients' alerts. */
    public static final String CARE_TEAM_READ = "SCOPE_care-team:read";

    /**
     * A clinician of a care team (the care console): may acknowledge the alerts of its clinic's patients
     * (notification-service checks the token's {@code role} and {@code email} too).
     */
    public static final String ALERTS_ACKNOWLEDGE = "SCOPE_alerts:acknowledge";

    private Scopes() {
    }

    /** Whether the scopes are a care team's, which must name their clinic. */
    static boolean isCareTeam(String authority) {
        return PATIENTS_WRITE.equals(authority) || CARE_TEAM_READ.equals(authority)
                || ALERTS_ACKNOWLEDGE.equals(authority);
    }
}
