package org.adherence.intake.security;

/** The token scopes of the contract, as the authorities Spring Security derives from the {@code scope} claim. */
public final class Scopes {

    /** A patient app: may post events for the patient its token names in {@code sub}. */
    public static final String EVENTS_WRITE = "SCOPE_events:write";

    /** A care team or enrolment system: may put profiles and post events for any patient. */
    public static final String PATIENTS_WRITE = "SCOPE_patients:write";

    private Scopes() {
    }
}
