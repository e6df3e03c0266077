package org.adherence.notification.alerts;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.RecipientRouting;
import org.adherence.notification.delivery.EmailDeliveries;
import org.adherence.notification.delivery.EmailDeliveries.Result;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.NotificationMetrics.Outcome;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.digest.DailyDigests;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.LedgerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Mails one alert to each of its recipients that the ledger does not list yet, recording each delivery as soon
 * as the mail server has accepted it; an address the mail server refuses for good is dead-lettered and the others
 * are still mailed. Returns normally only when every recipient has been mailed or dead-lettered, now or before, or
 * the alert is durably held (nobody to mail yet) or queued (INFO, for the daily digest); anything else is an
 * exception, and the alert is tried again.
 */
@Component
public class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    private final CareTeamDirectory directory;
    private final DeliveryLedger ledger;
    private final AlertEmailRenderer renderer;
    private final EmailDeliveries deliveries;
    private final PendingAlerts pending;
    private final AlertsTakenIn alertsTakenIn;
    private final DailyDigests digests;
    private final AckTokens ackTokens;
    private final PartitionOwnership ownership;
    private final NotificationMetrics metrics;

    public AlertDispatcher(CareTeamDirectory directory, DeliveryLedger ledger, AlertEmailRenderer renderer,
                           EmailDeliveries deliveries, PendingAlerts pending, AlertsTakenIn alertsTakenIn,
                           DailyDigests digests, AckTokens ackTokens, PartitionOwnership ownership,
                           NotificationMetrics metrics) {
        this.directory = directory;
        this.ledger = ledger;
        this.renderer = renderer;
        this.deliveries = deliveries;
        this.pending = pending;
        this.alertsTakenIn = alertsTakenIn;
        this.digests = digests;
        this.ackTokens = ackTokens;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    /**
     * The alerts topic's path: mails the alert, queues it for the digest (INFO), or holds it in the pending topic
     * when nobody can be mailed yet, so that one patient without a care team never holds up the alerts of others.
     */
    public void dispatch(AlertRaised alert) {
        ledger.recordUnrecorded();
        if (!directory.isCaughtUp()) {
            throw new RecipientsNotKnownYetException(alert, "the profiles are still being read");
        }
        if (!pending.isLoaded() || !alertsTakenIn.isLoaded() || !digests.isLoaded()) {
            throw new RecipientsNotKnownYetException(alert, "this service's state is still being read");
        }
        boolean owned = ownership.whileOwned(alert.patientId(), () -> {
            alertsTakenIn.takeIn(alert);
            Optional<PatientProfileUpdated> profile = directory.profileOf(alert.patientId());
            List<CareTeamMember> recipients = recipientsOf(alert, profile);
            if (alert.severity() == Severity.INFO) {
                digests.queue(alert, profile);
                if (recipients.isEmpty()) {
                    metrics.count(alert.severity(), Outcome.UNDELIVERABLE);
                }
                return;
            }
            if (recipients.isEmpty()) {
                pending.park(alert);
                metrics.count(alert.severity(), Outcome.UNDELIVERABLE);
                log.warn("Alert {} ({} {}) for patient {} held: {}; it is mailed once the care team is known",
                        alert.alertId(), alert.severity(), alert.rule(), alert.patientId(),
                        profile.isEmpty() ? "no profile yet" : "nobody in the care team to mail at this severity");
                return;
            }
            deliver(alert, profile.get(), recipients);
        });
        if (!owned) {
            throw new RecipientsNotKnownYetException(alert, "its partition's state is still being read");
        }
    }

    /**
     * Mails the held alerts of this instance's patients whose care team is now known, and lets go of them. One that
     * fails is tried again next round; it does not hold back the others.
     */
    public void retryPending() {
        if (!directory.isCaughtUp() || !pending.isLoaded() || !ledger.isLoaded()) {
            return;
        }
        for (AlertRaised alert : pending.all()) {
            Optional<PatientProfileUpdated> profile = directory.profileOf(alert.patientId());
            List<CareTeamMember> recipients = recipientsOf(alert, profile);
            if (recipients.isEmpty()) {
                continue;
            }
            try {
                ownership.whileOwned(alert.patientId(), () -> {
                    ledger.recordUnrecorded();
                    deliver(alert, profile.get(), recipients);
                    pending.release(alert.alertId());
                });
            }
            catch (RuntimeException e) {
                metrics.count(alert.severity(), Outcome.RETRIED);
                log.warn("Held alert {} of patient {} not delivered yet, will retry: {}", alert.alertId(),
                        alert.patientId(), e.getClass().getName());
            }
        }
    }

    private void deliver(AlertRaised alert, PatientProfileUpdated profile, List<CareTeamMember> recipients) {
        EmailDeliveries.Subject about = EmailDeliveries.Subject.of(alert);
        List<Result> results = EmailDeliveries.toEach(recipients, recipient -> deliveries.deliverOnce(
                LedgerKeys.alert(alert.alertId(), recipient.email()), about, recipient,
                () -> renderer.render(alert, profile.timeZone(), 0, ackLinkFor(alert, recipient.email()))));
        long mailed = results.stream().filter(Result.SENT::equals).count();
        long failed = results.stream().filter(Result.FAILED::equals).count();
        log.info("Alert {} ({} {}) for patient {}: mailed to {} of {} recipient(s), {} refused for good, {} mailed "
                        + "before", alert.alertId(), alert.severity(), alert.rule(), alert.patientId(), mailed,
                recipients.size(), failed, recipients.size() - mailed - failed);
    }

    private URI ackLinkFor(AlertRaised alert, String address) {
        return alert.severity() == Severity.CRITICAL
                ? ackTokens.linkFor(alert.alertId(), alert.patientId(), address)
                : null;
    }

    private static List<CareTeamMember> recipientsOf(AlertRaised alert, Optional<PatientProfileUpdated> profile) {
        return profile.map(p -> RecipientRouting.recipientsOf(alert.severity(), p.careTeam())).orElse(List.of());
    }
}
