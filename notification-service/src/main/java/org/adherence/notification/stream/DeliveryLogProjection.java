package org.adherence.notification.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.ack.Acknowledged;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogView.RecipientStatus;
import org.adherence.notification.routing.RecipientRouting;
import org.adherence.notification.stream.StoredRecords.AlertTakenIn;
import org.adherence.notification.stream.StoredRecords.Delivered;
import org.adherence.notification.stream.StoredRecords.Digest;
import org.adherence.notification.stream.StoredRecords.Refused;
import org.adherence.notification.stream.StoredRecords.WarningGroup;
import org.apache.kafka.streams.KeyValue;

/**
 * The delivery log of one alert, from the stores: the alert, who acknowledged it, and per recipient (the care team
 * at its severity, and every address an email about it went to or was refused by) what became of its emails.
 */
final class DeliveryLogProjection {

    private DeliveryLogProjection() {
    }

    /** The view of an alert, or null when the stores no longer hold it. */
    static DeliveryLogView of(State state, String alertId) {
        AlertTakenIn takenIn = state.alerts().get(alertId);
        if (takenIn == null) {
            return null;
        }
        AlertRaised alert = takenIn.alert();
        PatientProfileUpdated profile = state.profiles().get(alert.patientId());
        Acknowledged acknowledged = state.acks().get(alertId);

        Map<String, Delivered> sent = new LinkedHashMap<>();
        Map<String, List<Delivered>> reminders = new LinkedHashMap<>();
        for (KeyValue<String, Delivered> row : State.withPrefix(state.ledger(), alertId + "|")) {
            String address = RecipientRouting.normalised(row.value.recipient());
            if (row.value.reminder() > 0) {
                reminders.computeIfAbsent(address, a -> new ArrayList<>()).add(row.value);
            }
            else {
                sent.put(address, row.value);
            }
        }
        Map<String, Refused> refused = new LinkedHashMap<>();
        for (KeyValue<String, Refused> row : State.withPrefix(state.refused(), alertId + "|")) {
            refused.putIfAbsent(RecipientRouting.normalised(row.value.recipient()), row.value);
        }

        Map<String, CareTeamMember> recipients = new LinkedHashMap<>();
        if (profile != null) {
            RecipientRouting.recipientsOf(alert.severity(), profile.careTeam())
                    .forEach(member -> recipients.putIfAbsent(RecipientRouting.normalised(member.email()), member));
        }
        sent.values().forEach(d -> recipients.putIfAbsent(RecipientRouting.normalised(d.recipient()),
                new CareTeamMember(null, d.recipient(), d.role())));
        refused.values().forEach(r -> recipients.putIfAbsent(RecipientRouting.normalised(r.recipient()),
                new CareTeamMember(null, r.recipient(), null)));

        String waiting = waitingStatus(state, alert);
        List<RecipientStatus> statuses = new ArrayList<>();
        recipients.forEach((address, member) -> {
            Delivered first = sent.get(address);
            Refused failure = refused.get(address);
            List<Delivered> reminded = reminders.getOrDefault(address, List.of());
            Instant lastReminderAt = reminded.stream().map(Delivered::sentAt).max(Instant::compareTo).orElse(null);
            boolean acknowledgedHere = acknowledged != null && acknowledged.by().equalsIgnoreCase(member.email());
            String status = acknowledgedHere ? "acknowledged" : first != null ? "sent" : failure != null ? "failed"
                    : waiting;
            statuses.add(new RecipientStatus(member.email(), member.role(), status,
                    first == null ? null : first.sentAt(), reminded.size(), lastReminderAt,
                    failure == null ? null : failure.refusedAt(), failure == null ? null : failure.reply(),
                    acknowledgedHere ? acknowledged.at() : null));
        });
        DeliveryLogView.Acknowledgement acknowledgement = acknowledged == null ? null
                : new DeliveryLogView.Acknowledgement(alertId, alert.patientId(), acknowledged.by(), acknowledged.at(),
                        acknowledged.via(), acknowledged.reason());
        return new DeliveryLogView(alert, profile == null ? null : profile.timeZone(), acknowledgement, statuses,
                profile == null ? null : profile.clinicId());
    }

    /** What an alert not yet mailed to an address waits for. */
    private static String waitingStatus(State state, AlertRaised alert) {
        if (state.held().get(NotificationStores.held(alert.patientId(), alert.alertId())) != null) {
            return "held";
        }
        if (alert.severity() == Severity.WARNING) {
            WarningGroup group = state.groups().get(alert.patientId());
            if (group != null && group.pending().contains(alert.alertId())) {
                return "waiting-for-group";
            }
        }
        if (alert.severity() == Severity.INFO) {
            for (KeyValue<String, Digest> digest : State.withPrefix(state.digests(), alert.patientId() + "|")) {
                if (digest.value.sentAt() == null && digest.value.alertIds().contains(alert.alertId())) {
                    return "queued-for-digest";
                }
            }
        }
        return "retrying";
    }
}
