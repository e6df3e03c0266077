package org.adherence.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.NotificationFailed;
import org.adherence.notification.delivery.NotificationMetrics.Outcome;
import org.adherence.notification.email.AlertEmail;
import org.adherence.notification.email.AlertEmailSender;
import org.adherence.notification.ledger.DeliveryLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

/**
 * Sends one email under one ledger key, at most once: skipped if the ledger has the key, recorded in the ledger as
 * soon as the mail server has accepted it, dead-lettered if the mail server refuses it for good. A temporary
 * failure is thrown, so that the caller tries again later.
 */
@Component
public class EmailDeliveries {

    private static final Logger log = LoggerFactory.getLogger(EmailDeliveries.class);

    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final AlertEmailSender sender;
    private final NotificationMetrics metrics;
    private final Clock clock;

    public EmailDeliveries(DeliveryLedger ledger, DeadLetters deadLetters, AlertEmailSender sender,
                           NotificationMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * What one email is about: an alert (or a digest, under its digest id, without a rule), and the alerts it tells
     * of (the alert, or each alert the digest lists).
     */
    public record Subject(String alertId, String patientId, RuleId rule, Severity severity, List<AlertRaised> alerts) {

        public static Subject of(AlertRaised alert) {
            return new Subject(alert.alertId(), alert.patientId(), alert.rule(), alert.severity(), List.of(alert));
        }

        public static Subject digest(String digestId, String patientId, List<AlertRaised> alerts) {
            return new Subject(digestId, patientId, null, Severity.INFO, List.copyOf(alerts));
        }
    }

    public enum Result { SENT, ALREADY_SENT, FAILED }

    public Result deliverOnce(String ledgerKey, Subject about, CareTeamMember recipient, Supplier<AlertEmail> email) {
        if (ledger.alreadyDelivered(ledgerKey)) {
            metrics.count(about.severity(), Outcome.DEDUPLICATED);
            log.debug("{} already mailed to {}", ledgerKey, recipient.email());
            return Result.ALREADY_SENT;
        }
        if (deadLetters.contains(ledgerKey)) {
            return Result.FAILED;
        }
        try {
            sender.send(recipient.email(), email.get());
        }
        catch (MailException e) {
            Optional<String> permanent = MailRefusals.permanentReason(e);
            if (permanent.isEmpty()) {
                throw e;
            }
            deadLetters.deadLetter(new NotificationFailed(NotificationFailed.SCHEMA_VERSION, ledgerKey,
                    about.alertId(), about.patientId(), recipient.email(), about.rule(), about.severity(),
                    permanent.get(), clock.instant()));
            metrics.count(about.severity(), Outcome.FAILED);
            log.warn("Email of {} for patient {} refused for good ({}); dead-lettered", about.alertId(),
                    about.patientId(), permanent.get());
            return Result.FAILED;
        }
        accepted(about, recipient);
        ledger.record(ledgerKey, new NotificationDelivered(NotificationDelivered.SCHEMA_VERSION, about.alertId(),
                about.patientId(), recipient.email(), about.rule(), about.severity(), clock.instant()));
        metrics.count(about.severity(), Outcome.SENT);
        log.debug("{} mailed", ledgerKey);
        return Result.SENT;
    }

    /**
     * The mail server has the email: one line per alert it tells of, for the support path (grep the alert id, or the
     * trace id on the listener's thread), without the address or any clinical text; and the alert's delivery time if
     * this is the first email about it. Before the ledger write, which may fail after the email went out.
     */
    private void accepted(Subject about, CareTeamMember recipient) {
        Instant now = clock.instant();
        for (AlertRaised alert : about.alerts()) {
            // reminders come after the first email, and a digest's later recipients after its alerts were recorded
            if (alert.raisedAt() != null && ledger.firstDelivery(alert.alertId()).isEmpty()) {
                metrics.firstEmailAccepted(alert.severity(), Duration.between(alert.raisedAt(), now));
            }
            log.info("Mailed alertId={} severity={} patientId={} role={}", alert.alertId(), alert.severity(),
                    alert.patientId(), recipient.role());
        }
    }

    /**
     * Delivers to each recipient in turn. A mail server that refuses one address for a while (a full mailbox, a
     * greylisting {@code 4xx}) must not hold back the rest of the care team: the others are still tried, and the
     * first such failure is thrown afterwards, so that the caller tries again later (the ledger skips whoever has
     * it by then). Anything else, a ledger write the broker did not acknowledge above all, stops at once.
     *
     * @return the result for each recipient, in order
     */
    public static <R> List<Result> toEach(List<R> recipients, Function<R, Result> delivery) {
        List<Result> results = new ArrayList<>();
        MailException firstFailure = null;
        for (R recipient : recipients) {
            try {
                results.add(delivery.apply(recipient));
            }
            catch (MailException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
                else {
                    firstFailure.addSuppressed(e);
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        return results;
    }
}
