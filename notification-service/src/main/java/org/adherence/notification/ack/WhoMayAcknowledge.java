package org.adherence.notification.ack;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;

/**
 * {@code a CRITICAL alert + an address it was mailed to as a clinician (PHYSICIAN, NURSE, PHARMACIST) -> that address's
 * link acknowledges it; anything else -> nothing} (CONTRACT.md, "Alert emails"). Only such emails carry a link; the
 * rule also holds against a link made otherwise (a caregiver's, which the first version mailed), so that a forwarded
 * email cannot stop the clinicians' reminders. The topology applies it to every press; the page, to show why.
 */
public final class WhoMayAcknowledge {

    private WhoMayAcknowledge() {
    }

    /**
     * @param mailedAs the role of the address when the alert was mailed to it; null when it was not mailed to it
     */
    public static boolean mayAcknowledge(Severity severity, CareTeamRole mailedAs) {
        return severity == Severity.CRITICAL && mailedAs != null && mailedAs.isClinician();
    }
}
