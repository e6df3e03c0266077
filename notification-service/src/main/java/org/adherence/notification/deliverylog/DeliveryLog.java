package org.adherence.notification.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertAcknowledged;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.NotificationFailed;
import org.adherence.notification.ack.Acknowledgements;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.alerts.PendingAlerts;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.RecipientRouting;
import org.adherence.notification.delivery.DeadLetters;
import org.adherence.notification.digest.DigestQueue;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.LedgerKeys;

import org.springframework.stereotype.Component;

/**
 * What became of one alert, for each recipient, as any instance knows it from the topics: the alerts taken in,
 * the ledger, the dead letters, the held alerts, the digest queue and the acknowledgements.
 */
@Component
public class DeliveryLog {

    /** Per recipient: {@code sent}, {@code acknowledged}, {@code failed}, {@code retrying}, {@code held} (nobody
     * could be mailed yet) or {@code queued-for-digest} (INFO). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientStatus(String address, CareTeamRole role, String status, Instant sentAt,
                                  int reminders, Instant lastReminderAt, Instant failedAt, String failure,
                                  Instant acknowledgedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(AlertRaised alert, AlertAcknowledged acknowledged, List<RecipientStatus> recipients) {
    }

    private final AlertsTakenIn alerts;
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final PendingAlerts pending;
    private final DigestQueue digestQueue;
    private final Acknowledgements acknowledgements;
    private final CareTeamDirectory directory;

    public DeliveryLog(AlertsTakenIn alerts, DeliveryLedger ledger, DeadLetters deadLetters, PendingAlerts pending,
                       DigestQueue digestQueue, Acknowledgements acknowledgements, CareTeamDirectory directory) {
        this.alerts = alerts;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.pending = pending;
        this.digestQueue = digestQueue;
        this.acknowledgements = acknowledgements;
        this.directory = directory;
    }

    public Optional<Entry> of(String alertId) {
        return alerts.get(alertId).map(this::entryOf);
    }

    private Entry entryOf(AlertRaised alert) {
        String alertId = alert.alertId();
        AlertAcknowledged acknowledged = acknowledgements.get(alertId).orElse(null);
        Map<String, NotificationDelivered> sent = ledger.deliveriesOf(alertId);
        List<NotificationFailed> failures = deadLetters.failuresOf(alertId);

        Map<String, CareTeamMember> recipients = new LinkedHashMap<>();
        directory.profileOf(alert.patientId()).ifPresent(profile ->
                RecipientRouting.recipientsOf(alert.severity(), profile.careTeam())
                        .forEach(member -> recipients.putIfAbsent(normalised(member.email()), member)));
        sent.values().forEach(delivery -> recipients.putIfAbsent(normalised(delivery.recipient()),
                new CareTeamMember(null, delivery.recipient(), null)));
        failures.forEach(failure -> recipients.putIfAbsent(normalised(failure.recipient()),
                new CareTeamMember(null, failure.recipient(), null)));

        List<RecipientStatus> statuses = new ArrayList<>();
        for (CareTeamMember member : recipients.values()) {
            statuses.add(statusOf(alert, member, sent, failures, acknowledged));
        }
        return new Entry(alert, acknowledged, statuses);
    }

    private RecipientStatus statusOf(AlertRaised alert, CareTeamMember member, Map<String, NotificationDelivered> sent,
                                     List<NotificationFailed> failures, AlertAcknowledged acknowledged) {
        String address = member.email();
        NotificationDelivered first = sent.get(LedgerKeys.alert(alert.alertId(), address));
        int reminders = 0;
        Instant lastReminderAt = null;
        for (Map.Entry<String, NotificationDelivered> delivery : sent.entrySet()) {
            if (DeliveryLedger.reminderNumber(alert.alertId(), delivery.getKey()).isPresent()
                    && normalised(delivery.getValue().recipient()).equals(normalised(address))) {
                reminders++;
                Instant at = delivery.getValue().sentAt();
                lastReminderAt = lastReminderAt == null || at.isAfter(lastReminderAt) ? at : lastReminderAt;
            }
        }
        NotificationFailed failure = failures.stream()
                .filter(f -> f.deliveryKey().equals(LedgerKeys.alert(alert.alertId(), address)))
                .findFirst().orElse(null);
        boolean acknowledgedHere = acknowledged != null && acknowledged.acknowledgedBy().equalsIgnoreCase(address);
        String status;
        if (acknowledgedHere) {
            status = "acknowledged";
        }
        else if (first != null) {
            status = "sent";
        }
        else if (failure != null) {
            status = "failed";
        }
        else if (pending.contains(alert.alertId())) {
            status = "held";
        }
        else if (alert.severity() == Severity.INFO && digestQueue.contains(alert.alertId())) {
            status = "queued-for-digest";
        }
        else {
            status = "retrying";
        }
        return new RecipientStatus(address, member.role(), status, first == null ? null : first.sentAt(), reminders,
                lastReminderAt, failure == null ? null : failure.failedAt(), failure == null ? null : failure.reason(),
                acknowledgedHere ? acknowledged.acknowledgedAt() : null);
    }

    private static String normalised(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
