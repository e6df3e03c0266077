package org.adherence.notification.sending;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.events.EmailKind;

/**
 * One email handed to the senders: everything needed to write and send it, and to say what became of it. Made on the
 * stream thread, read on a sender's: immutable.
 *
 * @param taskId      the stream task (partition) whose outbox it comes from
 * @param outboxKey   the key of its outbox entry while it is handed out
 * @param attempt     the entry's attempt this email is
 * @param leaseUntil  until when the entry is not handed out again; a sender that gets to it too late leaves it
 * @param emailKey    the email's key in the ledger, and the seed of its Message-ID
 * @param alerts      what it tells of: one alert, a group of WARNING alerts, or a day's INFO alerts
 * @param reminder    the number of a CRITICAL alert's reminder, 0 otherwise
 * @param digestDate  the local day of a digest, null otherwise
 * @param traceparent per alert id, the W3C trace context the alert arrived with (the event's trace)
 */
public record SendJob(String taskId, String outboxKey, int attempt, Instant leaseUntil, Lane lane, String emailKey,
                      EmailKind kind, String patientId, CareTeamMember recipient, List<AlertRaised> alerts, ZoneId zone,
                      int reminder, LocalDate digestDate, Map<String, String> traceparent) {

    public SendJob {
        alerts = List.copyOf(alerts);
        traceparent = Map.copyOf(traceparent);
    }

    public List<String> alertIds() {
        return alerts.stream().map(AlertRaised::alertId).toList();
    }
}
