package org.adherence.notification.reminder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.ack.Acknowledgements;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.RecipientRouting;
import org.adherence.notification.delivery.DeadLetters;
import org.adherence.notification.delivery.EmailDeliveries;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.NotificationMetrics.Outcome;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.LedgerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reminders of unacknowledged CRITICAL alerts to the physicians:
 * {@code reminder n is due at max(first email + n x critical-repeat, reminder n-1 + critical-repeat), until the
 * alert is acknowledged}; each reminder goes to each physician at most once (its ledger key holds n).
 * <p>
 * Everything it works from is in Kafka (the alerts taken in, the ledger, the acknowledgements), so any instance
 * can take over; only the owner of the patient's partition sends. After a pause (a restart, an outage) the next
 * number is sent once, not every missed one.
 */
@Component
public class CriticalReminders {

    private static final Logger log = LoggerFactory.getLogger(CriticalReminders.class);

    private final AlertsTakenIn alerts;
    private final Acknowledgements acknowledgements;
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final CareTeamDirectory directory;
    private final EmailDeliveries deliveries;
    private final AlertEmailRenderer renderer;
    private final AckTokens ackTokens;
    private final PartitionOwnership ownership;
    private final NotificationMetrics metrics;
    private final Duration repeat;
    private final Clock clock;

    public CriticalReminders(AlertsTakenIn alerts, Acknowledgements acknowledgements, DeliveryLedger ledger,
                             DeadLetters deadLetters, CareTeamDirectory directory, EmailDeliveries deliveries,
                             AlertEmailRenderer renderer, AckTokens ackTokens, PartitionOwnership ownership,
                             NotificationMetrics metrics, NotificationProperties properties, Clock clock) {
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.directory = directory;
        this.deliveries = deliveries;
        this.renderer = renderer;
        this.ackTokens = ackTokens;
        this.ownership = ownership;
        this.metrics = metrics;
        this.repeat = properties.criticalRepeat();
        this.clock = clock;
    }

    /** Sends the reminders that are due, for this instance's patients. */
    public void sendDue() {
        if (!alerts.isLoaded() || !acknowledgements.isLoaded() || !ledger.isLoaded() || !directory.isCaughtUp()) {
            return;
        }
        for (AlertRaised alert : alerts.all()) {
            if (alert.severity() != Severity.CRITICAL || acknowledgements.isAcknowledged(alert.alertId())) {
                continue;
            }
            try {
                ownership.whileOwned(alert.patientId(), () -> remindIfDue(alert));
            }
            catch (RuntimeException e) {
                metrics.count(Severity.CRITICAL, Outcome.RETRIED);
                log.warn("Reminder of alert {} for patient {} not delivered yet, will retry: {}", alert.alertId(),
                        alert.patientId(), e.getClass().getName());
            }
        }
    }

    private void remindIfDue(AlertRaised alert) {
        Optional<NotificationDelivered> first = ledger.firstDelivery(alert.alertId());
        Optional<PatientProfileUpdated> profile = directory.profileOf(alert.patientId());
        if (first.isEmpty() || profile.isEmpty()) {
            return;
        }
        List<CareTeamMember> physicians = physiciansOf(profile.get());
        Map<String, NotificationDelivered> sent = ledger.deliveriesOf(alert.alertId());
        int last = sent.keySet().stream()
                .mapToInt(key -> DeliveryLedger.reminderNumber(alert.alertId(), key).orElse(0)).max().orElse(0);
        int n;
        if (last > 0 && physicians.stream().anyMatch(p -> missed(alert, last, p.email()))) {
            // reminder n went to some physicians only (an outage or a restart in between): finish it first
            n = last;
        }
        else {
            n = last + 1;
            Instant lastAt = sent.entrySet().stream()
                    .filter(entry -> DeliveryLedger.reminderNumber(alert.alertId(), entry.getKey()).orElse(0) == last)
                    .map(entry -> entry.getValue().sentAt()).max(Instant::compareTo)
                    .orElse(first.get().sentAt());
            Instant due = later(first.get().sentAt().plus(repeat.multipliedBy(n)), lastAt.plus(repeat));
            if (clock.instant().isBefore(due)) {
                return;
            }
        }
        EmailDeliveries.Subject about = EmailDeliveries.Subject.of(alert);
        List<CareTeamMember> reminded = physicians.stream()
                .filter(physician -> !deadLetters.contains(LedgerKeys.alert(alert.alertId(), physician.email())))
                .toList();
        EmailDeliveries.toEach(reminded, physician -> deliveries.deliverOnce(
                LedgerKeys.reminder(alert.alertId(), n, physician.email()), about, physician,
                () -> renderer.render(alert, profile.get().timeZone(), n,
                        ackTokens.linkFor(alert.alertId(), alert.patientId(), physician.email()))));
        log.info("Alert {} (CRITICAL {}) for patient {}: reminder {} to {} physician(s)", alert.alertId(),
                alert.rule(), alert.patientId(), n, physicians.size());
    }

    private boolean missed(AlertRaised alert, int n, String address) {
        return !ledger.alreadyDelivered(LedgerKeys.reminder(alert.alertId(), n, address))
                && !deadLetters.contains(LedgerKeys.reminder(alert.alertId(), n, address))
                && !deadLetters.contains(LedgerKeys.alert(alert.alertId(), address));
    }

    private static List<CareTeamMember> physiciansOf(PatientProfileUpdated profile) {
        return RecipientRouting.recipientsOf(Severity.CRITICAL, profile.careTeam()).stream()
                .filter(member -> member.role() == CareTeamRole.PHYSICIAN)
                .toList();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
