package org.adherence.notification.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone asked to acknowledge an alert: pressed the button of a CRITICAL alert's email link, or acknowledged it in
 * the care console. Value of {@link NotificationTopics#ACK_REQUESTS}, keyed by the patient id of the alert.
 *
 * @param by        the address the link was made for; in the console, the clinician's {@code email} claim
 * @param requestId unique per press, so that the page can tell its own press from an earlier one
 * @param via       {@link #VIA_CONSOLE} (scope, role and clinic checked by the HTTP layer: accepted for any
 *                  severity), {@link #VIA_EMAIL} or null (a record from before the console: an email link)
 * @param reason    why, in the clinician's words (console only, at most 500 characters); null when none. Free text
 *                  about a patient: never logged ({@link #toString()} leaves it out)
 */
public record AckRequested(int schemaVersion, String alertId, String patientId, String by, Instant at,
                           String requestId, String via, String reason) {

    public static final int SCHEMA_VERSION = 1;

    /** An acknowledgement made in the care console by a clinician of the patient's clinic. */
    public static final String VIA_CONSOLE = "console";

    /** An acknowledgement made through the link of an alert's email. */
    public static final String VIA_EMAIL = "email";

    public AckRequested {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A press of an email's link, as the first version wrote them (no {@code via}, no reason). */
    public AckRequested(int schemaVersion, String alertId, String patientId, String by, Instant at,
                        String requestId) {
        this(schemaVersion, alertId, patientId, by, at, requestId, null, null);
    }

    /** Made in the care console: its authorization was the HTTP layer's. */
    public boolean isFromConsole() {
        return VIA_CONSOLE.equals(via);
    }

    @Override
    public String toString() {
        return "AckRequested[schemaVersion=" + schemaVersion + ", alertId=" + alertId + ", patientId=" + patientId
                + ", requestId=" + requestId + ", via=" + via + ", at=" + at + "]";
    }
}
