package org.adherence.notification.alerts;

import java.time.Clock;
import java.util.List;

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

    public AlertDispatcher(CareTeamDirectory directory, DeliveryLedger ledger, AlertEmailRenderer renderer,
                           AlertEmailSender sender, Clock clock, MeterRegistry meters) {
        this.directory = directory;
        this.ledger = ledger;
        this.renderer = renderer;
        this.sender = sender;
        this.clock = clock;
        this.meters = meters;
    }

    public void dispatch(AlertRaised alert) {
        if (alert.severity() == Severity.INFO) {
            deferToDailyDigest(alert);
            return;
        }
        PatientProfileUpdated profile = profileOf(alert);
        List<CareTeamMember> recipients = RecipientRouting.recipientsOf(alert.severity(), profile.careTeam());
        if (recipients.isEmpty()) {
            throw new RecipientsNotKnownYetException(alert, "the care team has no one to mail at this severity");
        }
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

    private PatientProfileUpdated profileOf(AlertRaised alert) {
        if (!directory.isCaughtUp()) {
            throw new RecipientsNotKnownYetException(alert, "the profiles are still being read");
        }
        return directory.profileOf(alert.patientId())
                .orElseThrow(() -> new RecipientsNotKnownYetException(alert, "the patient has no profile yet"));
    }

    private void deferToDailyDigest(AlertRaised alert) {
        log.info("Alert {} ({} {}) for patient {}: deferred to daily digest (not built yet)",
                alert.alertId(), alert.severity(), alert.rule(), alert.patientId());
    }
}
