package org.adherence.notification.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
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

    /** What one email is about: an alert (or a digest, under its digest id, without a rule). */
    public record Subject(String alertId, String patientId, RuleId rule, Severity severity) {
    }

    public enum Result { SENT, ALREADY_SENT, FAILED }

    public Result deliverOnce(String ledgerKey, Subject about, String recipient, Supplier<AlertEmail> email) {
        if (ledger.alreadyDelivered(ledgerKey)) {
            metrics.count(about.severity(), Outcome.DEDUPLICATED);
            log.debug("{} already mailed to {}", ledgerKey, recipient);
            return Result.ALREADY_SENT;
        }
        if (deadLetters.contains(ledgerKey)) {
            return Result.FAILED;
        }
        try {
            sender.send(recipient, email.get());
        }
        catch (MailException e) {
            Optional<String> permanent = MailRefusals.permanentReason(e);
            if (permanent.isEmpty()) {
                throw e;
            }
            deadLetters.deadLetter(new NotificationFailed(NotificationFailed.SCHEMA_VERSION, ledgerKey,
                    about.alertId(), about.patientId(), recipient, about.rule(), about.severity(), permanent.get(),
                    clock.instant()));
            metrics.count(about.severity(), Outcome.FAILED);
            log.warn("Email of {} for patient {} refused for good ({}); dead-lettered", about.alertId(),
                    about.patientId(), permanent.get());
            return Result.FAILED;
        }
        ledger.record(ledgerKey, new NotificationDelivered(NotificationDelivered.SCHEMA_VERSION, about.alertId(),
                about.patientId(), recipient, about.rule(), about.severity(), clock.instant()));
        metrics.count(about.severity(), Outcome.SENT);
        log.debug("{} mailed", ledgerKey);
        return Result.SENT;
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
