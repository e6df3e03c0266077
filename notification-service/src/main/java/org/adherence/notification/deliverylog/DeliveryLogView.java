package org.adherence.notification.deliverylog;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.ack.WhoMayAcknowledge;

/**
 * What became of one alert, per recipient: the answer of {@code GET /api/v1/alerts/{alertId}} (and an element of
 * {@code GET /api/v1/alerts}), kept up to date by the topology in a store keyed by alert id ({@link #STORE}), one
 * record per change.
 *
 * @param timeZone     the patient's, for the times a clinician reads; null while the patient has no profile
 * @param acknowledged who acknowledged it first, and when; null while nobody has
 * @param clinicId     the clinic of the patient, whose care teams alone may read the view; null while the patient has
 *                     no profile of a clinic (then nobody may)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryLogView(AlertRaised alert, ZoneId timeZone, Acknowledgement acknowledged,
                              List<RecipientStatus> recipients, String clinicId) {

    /** The store of the views, keyed by alert id, queried by any instance (interactive queries). */
    public static final String STORE = "delivery-log";

    public DeliveryLogView {
        recipients = List.copyOf(recipients);
    }

    /** Whether a care team of this clinic may read the view. */
    public boolean isOfClinic(String clinic) {
        return clinicId != null && clinicId.equals(clinic);
    }

    /**
     * Whether the acknowledgement link of this address counts ({@link WhoMayAcknowledge}): a CRITICAL alert mailed to
     * it as a clinician. The topology decides each press by the same rule.
     */
    public boolean mayBeAcknowledgedBy(String address) {
        return recipients.stream().anyMatch(recipient -> recipient.address().equalsIgnoreCase(address.strip())
                && (recipient.sentAt() != null || recipient.reminders() > 0)
                && WhoMayAcknowledge.mayAcknowledge(alert.severity(), recipient.role()));
    }

    /**
     * Who acknowledged the alert first.
     *
     * @param via    {@code console} (in the care console, by a clinician of the clinic) or {@code email} (the link of
     *               a CRITICAL alert's email); absent in a view written before the console
     * @param reason the clinician's reason, when the console was given one. Free text: never logged
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Acknowledgement(String alertId, String patientId, String acknowledgedBy, Instant acknowledgedAt,
                                  String via, String reason) {

        @Override
        public String toString() {
            return "Acknowledgement[alertId=" + alertId + ", patientId=" + patientId + ", acknowledgedAt="
                    + acknowledgedAt + ", via=" + via + "]";
        }
    }

    /**
     * One recipient's emails about the alert.
     *
     * @param status {@code sent}, {@code acknowledged} (this recipient acknowledged it), {@code failed} (refused for
     *               good: {@code failure} says how), {@code retrying} (not accepted yet: being sent, or refused for a
     *               while), {@code held} (nobody could be mailed yet), {@code waiting-for-group} (a WARNING alert
     *               waiting for its group's email) or {@code queued-for-digest} (INFO)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientStatus(String address, CareTeamRole role, String status, Instant sentAt, int reminders,
                                  Instant lastReminderAt, Instant failedAt, String failure, Instant acknowledgedAt) {
    }
}
