package org.adherence.notification.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.RecipientRouting;
import org.adherence.notification.email.AlertEmail;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.email.AlertEmailSender;
import org.adherence.notification.ledger.DeliveryLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Mails one alert to each of its recipients that the ledger does not list yet, recording each delivery as soon
 * as the mail server has accepted it. Returns normally only when every recipient has been mailed, now or
 * before; anything else is an exception, and the alert is tried again.
 */
@Component
public class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    private final CareTeamDirectory directory;
    private final DeliveryLedger ledger;
    private final AlertEmailRenderer renderer;
    private final AlertEmailSender sender;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PendingAlerts pending;

    public AlertDispatcher(CareTeamDirectory directory, DeliveryLedger ledger, AlertEmailRenderer renderer,
                           AlertEmailSender sender, Clock clock, MeterRegistry meters, PendingAlerts pending) {
        this.pending = pending;
        this.directory = directory;
        this.ledger = ledger;
        this.renderer = renderer;
        this.sender = sender;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * The alerts topic's path: mails the alert, or holds it in the pending topic when nobody can be mailed yet,
     * so that one patient without a care team never holds up the alerts of others.
     */
    public void dispatch(AlertRaised alert) {
        ledger.recordUnrecorded();
        if (alert.severity() == Severity.INFO) {
            deferToDailyDigest(alert);
            return;
        }
        if (!directory.isCaughtUp()) {
            throw new RecipientsNotKnownYetException(alert, "the profiles are still being read");
        }
        if (!pending.isLoaded()) {
            throw new RecipientsNotKnownYetException(alert, "the held alerts are still being read");
        }
        Optional<PatientProfileUpdated> profile = directory.profileOf(alert.patientId());
        List<CareTeamMember> recipients = recipientsOf(alert, profile);
        if (recipients.isEmpty()) {
            pending.park(alert);
            meters.counter("notification.alerts.undeliverable", "severity", alert.severity().name()).increment();
            log.warn("Alert {} ({} {}) for patient {} held: {}; it is mailed once the care team is known",
                    alert.alertId(), alert.severity(), alert.rule(), alert.patientId(),
                    profile.isEmpty() ? "no profile yet" : "nobody in the care team to mail at this severity");
            return;
        }
        deliver(alert, profile.get(), recipients);
    }

    /** Mails the held alerts whose care team is now known, and lets go of them; the others stay held. */
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
                ledger.recordUnrecorded();
                deliver(alert, profile.get(), recipients);
                pending.release(alert.alertId());
            }
            catch (RuntimeException e) {
                log.warn("Held alert {} of patient {} not delivered yet, will retry: {}", alert.alertId(),
                        alert.patientId(), e.getClass().getName());
                return;
            }
        }
    }

    /**
     * Mails each recipient the ledger does not list yet. One alert at a time: the alerts topic and the held alerts
     * may offer the same alert at once, and the ledger must be checked and written without the other in between.
     */
    private synchronized void deliver(AlertRaised alert, PatientProfileUpdated profile,
                                      List<CareTeamMember> recipients) {
        AlertEmail email = renderer.render(alert, profile.timeZone());
        int mailed = 0;
        for (CareTeamMember recipient : recipients) {
            if (ledger.alreadyDelivered(alert.alertId(), recipient.email())) {
                log.debug("Alert {} already mailed to {}", alert.alertId(), recipient.email());
                continue;
            }
            sender.send(recipient.email(), email);
            ledger.record(new NotificationDelivered(NotificationDelivered.SCHEMA_VERSION, alert.alertId(),
                    alert.patientId(), recipient.email(), alert.rule(), alert.severity(), clock.instant()));
            meters.counter("notification.emails.sent", "severity", alert.severity().name()).increment();
            log.debug("Alert {} mailed to {}", alert.alertId(), recipient.email());
            mailed++;
        }
        log.info("Alert {} ({} {}) for patient {}: mailed to {} of {} recipient(s), {} already mailed before",
                alert.alertId(), alert.severity(), alert.rule(), alert.patientId(), mailed, recipients.size(),
                recipients.size() - mailed);
    }

    private static List<CareTeamMember> recipientsOf(AlertRaised alert, Optional<PatientProfileUpdated> profile) {
        return profile.map(p -> RecipientRouting.recipientsOf(alert.severity(), p.careTeam())).orElse(List.of());
    }

    private void deferToDailyDigest(AlertRaised alert) {
        log.info("Alert {} ({} {}) for patient {}: deferred to daily digest (not built yet)",
                alert.alertId(), alert.severity(), alert.rule(), alert.patientId());
    }
}
