package org.adherence.console.alerts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;

/**
 * One alert as notification-service's delivery log gives it: the alert, who acknowledged it, and per recipient what
 * became of its emails.
 *
 * @param timeZone the patient's; null while the patient has no profile (times are then shown in UTC)
 */
public record AlertView(AlertRaised alert, ZoneId timeZone, Acknowledgement acknowledged,
                        List<RecipientStatus> recipients) {

    public AlertView {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * Whether somebody has. Not {@code isAcknowledged}: templates' {@code view.acknowledged} would read that boolean
     * instead of the acknowledgement.
     */
    public boolean hasBeenAcknowledged() {
        return acknowledged != null;
    }

    public boolean isCritical() {
        return alert.severity() == Severity.CRITICAL;
    }

    /** The zone its times are read in. */
    public ZoneId zone() {
        return timeZone == null ? ZoneId.of("UTC") : timeZone;
    }

    /** Who acknowledged it first, when, and why (a reason is optional); via the console or an email's link. */
    public record Acknowledgement(String acknowledgedBy, Instant acknowledgedAt, String reason, String via) {
    }

    public record RecipientStatus(String address, CareTeamRole role, String status, Instant sentAt, int reminders,
                                  Instant lastReminderAt, Instant failedAt, String failure, Instant acknowledgedAt) {
    }
}
