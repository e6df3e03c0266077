package org.adherence.notification.deliverylog;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.AlertRaised;

/**
 * What became of one alert, per recipient: the answer of {@code GET /api/v1/alerts/{alertId}}, kept up to date by
 * the topology in a store keyed by alert id ({@link #STORE}), one record per change.
 *
 * @param timeZone     the patient's, for the times a clinician reads; null while the patient has no profile
 * @param acknowledged who acknowledged it first, and when; null while nobody has
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryLogView(AlertRaised alert, ZoneId timeZone, Acknowledgement acknowledged,
                              List<RecipientStatus> recipients) {

    /** The store of the views, keyed by alert id, queried by any instance (interactive queries). */
    public static final String STORE = "delivery-log";

    public DeliveryLogView {
        recipients = List.copyOf(recipients);
    }

    public record Acknowledgement(String alertId, String patientId, String acknowledgedBy, Instant acknowledgedAt) {
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
