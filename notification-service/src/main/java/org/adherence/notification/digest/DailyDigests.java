package org.adherence.notification.digest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertQueuedForDigest;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.RecipientRouting;
import org.adherence.notification.delivery.EmailDeliveries;
import org.adherence.notification.delivery.EmailDeliveries.Result;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.NotificationMetrics.Outcome;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.email.AlertEmail;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.LedgerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * INFO alerts, gathered into one email per patient per local day:
 * {@code queue(alert) -> digest of (patient, today in the patient's zone); once that day has ended there, mail it
 * to the whole care team, once per address, then let go of its alerts}.
 * <p>
 * The day is the one on which the alert reached this service, so an alert never joins a digest that may already
 * have gone out; queuing and sending hold the same lock and read the same clock.
 */
@Component
public class DailyDigests {

    private static final Logger log = LoggerFactory.getLogger(DailyDigests.class);

    private final DigestQueue queue;
    private final DeliveryLedger ledger;
    private final CareTeamDirectory directory;
    private final EmailDeliveries deliveries;
    private final AlertEmailRenderer renderer;
    private final PartitionOwnership ownership;
    private final NotificationMetrics metrics;
    private final Clock clock;

    public DailyDigests(DigestQueue queue, DeliveryLedger ledger, CareTeamDirectory directory,
                        EmailDeliveries deliveries, AlertEmailRenderer renderer, PartitionOwnership ownership,
                        NotificationMetrics metrics, Clock clock) {
        this.queue = queue;
        this.ledger = ledger;
        this.directory = directory;
        this.deliveries = deliveries;
        this.renderer = renderer;
        this.ownership = ownership;
        this.metrics = metrics;
        this.clock = clock;
    }

    public boolean isLoaded() {
        return queue.isLoaded();
    }

    /**
     * Queues an INFO alert for today's digest of its patient, durably (all in-sync replicas); an alert already
     * queued, or already sent in a digest, is left alone.
     */
    public void queue(AlertRaised alert, Optional<PatientProfileUpdated> profile) {
        if (queue.contains(alert.alertId()) || !ledger.deliveriesOf(alert.alertId()).isEmpty()) {
            return;
        }
        ZoneId zone = profile.map(PatientProfileUpdated::timeZone).orElse(ZoneOffset.UTC);
        LocalDate day = LocalDate.ofInstant(clock.instant(), zone);
        // the digest of that day may have gone out already (the patient's zone changed to one where the day is not
        // over): it cannot list the alert any more, and the alert would count as mailed with it; the next day's can
        while (!ledger.deliveriesOf(LedgerKeys.digestId(alert.patientId(), day)).isEmpty()) {
            day = day.plusDays(1);
        }
        queue.put(alert.alertId(), new AlertQueuedForDigest(AlertQueuedForDigest.SCHEMA_VERSION, alert, day, zone));
        log.info("Alert {} ({} {}) for patient {}: queued for the digest of {}", alert.alertId(), alert.severity(),
                alert.rule(), alert.patientId(), day);
    }

    /** Mails every digest of this instance's patients whose day has ended. */
    public void sendDue() {
        if (!queue.isLoaded() || !ledger.isLoaded() || !directory.isCaughtUp()) {
            return;
        }
        for (List<AlertQueuedForDigest> digest : queuedByPatientAndDay().values()) {
            AlertQueuedForDigest first = digest.get(0);
            String patientId = first.alert().patientId();
            try {
                ownership.whileOwned(patientId, () -> {
                    if (!clock.instant().isBefore(first.digestDate().plusDays(1).atStartOfDay(first.timeZone())
                            .toInstant())) {
                        send(patientId, first.digestDate(), first.timeZone(), digest);
                    }
                });
            }
            catch (RuntimeException e) {
                metrics.count(Severity.INFO, Outcome.RETRIED);
                log.warn("Digest of {} for patient {} not delivered yet, will retry: {}", first.digestDate(),
                        patientId, e.getClass().getName());
            }
        }
    }

    private void send(String patientId, LocalDate day, ZoneId zone, List<AlertQueuedForDigest> digest) {
        List<CareTeamMember> recipients = directory.profileOf(patientId)
                .map(profile -> RecipientRouting.recipientsOf(Severity.INFO, profile.careTeam()))
                .orElse(List.of());
        if (recipients.isEmpty()) {
            return;
        }
        List<AlertRaised> alerts = digest.stream().map(AlertQueuedForDigest::alert).toList();
        AlertEmail email = renderer.renderDigest(patientId, day, zone, alerts);
        EmailDeliveries.Subject about =
                EmailDeliveries.Subject.digest(LedgerKeys.digestId(patientId, day), patientId, alerts);
        List<Result> results = EmailDeliveries.toEach(recipients, recipient -> {
            String address = recipient.email();
            Result result = deliveries.deliverOnce(LedgerKeys.digest(patientId, day, address), about, recipient,
                    () -> email);
            if (result == Result.SENT || result == Result.ALREADY_SENT) {
                recordEachAlert(alerts, address);
            }
            return result;
        });
        long mailed = results.stream().filter(Result.SENT::equals).count();
        digest.forEach(queued -> queue.remove(queued.alert().alertId()));
        log.info("Digest of {} for patient {}: {} alert(s), mailed to {} of {} recipient(s)", day, patientId,
                alerts.size(), mailed, recipients.size());
    }

    /** Each alert of a digest shows in its delivery log as sent to the address, at the digest's time. */
    private void recordEachAlert(List<AlertRaised> alerts, String address) {
        for (AlertRaised alert : alerts) {
            String key = LedgerKeys.alert(alert.alertId(), address);
            if (!ledger.alreadyDelivered(key)) {
                ledger.record(key, new NotificationDelivered(NotificationDelivered.SCHEMA_VERSION, alert.alertId(),
                        alert.patientId(), address, alert.rule(), alert.severity(), clock.instant()));
            }
        }
    }

    private Map<String, List<AlertQueuedForDigest>> queuedByPatientAndDay() {
        Map<String, List<AlertQueuedForDigest>> digests = new LinkedHashMap<>();
        for (AlertQueuedForDigest queued : queue.all()) {
            digests.computeIfAbsent(LedgerKeys.digestId(queued.alert().patientId(), queued.digestDate()),
                    id -> new ArrayList<>()).add(queued);
        }
        return digests;
    }
}
