package org.adherence.notification.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.events.EmailKind;
import org.adherence.notification.sending.Lane;

/** The values of the topology's stores: private to this service, JSON in the changelogs. */
final class StoredRecords {

    private StoredRecords() {
    }

    /**
     * An alert as this service took it in: the alert, when, and the trace it came with (its emails are logged in it).
     */
    record AlertTakenIn(AlertRaised alert, Instant takenInAt, String traceparent) {
    }

    /** An email the mail server accepted, recorded per alert and address (and reminder) it told of. */
    record Delivered(String emailKey, String recipient, CareTeamRole role, int reminder, Instant sentAt,
                     String messageId) {
    }

    /** An address the mail server refused for good, for an alert: never tried again for it. */
    record Refused(String emailKey, String recipient, String reply, Instant refusedAt) {
    }

    /**
     * An email to send: due at {@code dueAt} in its lane, or handed to a sender until {@code leaseUntil}.
     *
     * @param attempts failures so far (the back-off of this address)
     * @param attempt  the hand-outs so far; a result names the one it is about
     */
    record OutboxEntry(Lane lane, String emailKey, EmailKind kind, String patientId, CareTeamMember recipient,
                       List<String> alertIds, int reminder, LocalDate digestDate, Instant dueAt, int attempts,
                       int attempt, Instant leaseUntil, String lastReply) {

        OutboxEntry {
            alertIds = List.copyOf(alertIds);
        }

        static OutboxEntry of(Lane lane, String emailKey, EmailKind kind, String patientId, CareTeamMember recipient,
                              List<String> alertIds, int reminder, LocalDate digestDate, Instant dueAt) {
            return new OutboxEntry(lane, emailKey, kind, patientId, recipient, alertIds, reminder, digestDate, dueAt,
                    0, 0, null, null);
        }

        OutboxEntry leased(Instant until) {
            return new OutboxEntry(lane, emailKey, kind, patientId, recipient, alertIds, reminder, digestDate, dueAt,
                    attempts, attempt + 1, until, lastReply);
        }

        OutboxEntry due(Instant at, int failures, String reply) {
            return new OutboxEntry(lane, emailKey, kind, patientId, recipient, alertIds, reminder, digestDate, at,
                    failures, attempt, null, reply);
        }
    }

    /**
     * One patient's WARNING alerts waiting for their email: for {@code group-wait} after the first one
     * ({@code WAITING}), or until the end of the {@code group-interval} after the last email ({@code INTERVAL}).
     *
     * @param sent how many group emails have gone out for the patient: the next one's number
     */
    record WarningGroup(Phase phase, Instant flushAt, List<String> pending, int sent) {

        enum Phase { WAITING, INTERVAL }

        WarningGroup {
            pending = List.copyOf(pending);
        }

        WarningGroup with(String alertId) {
            List<String> more = new ArrayList<>(pending);
            if (!more.contains(alertId)) {
                more.add(alertId);
            }
            return new WarningGroup(phase, flushAt, more, sent);
        }
    }

    /** One patient's INFO alerts of a local day, in that patient's zone; {@code sentAt} once its emails are out. */
    record Digest(ZoneId zone, List<String> alertIds, Instant sentAt) {

        Digest {
            alertIds = List.copyOf(alertIds);
        }

        Digest with(String alertId) {
            List<String> more = new ArrayList<>(alertIds);
            if (!more.contains(alertId)) {
                more.add(alertId);
            }
            return new Digest(zone, more, sentAt);
        }
    }

    /** A CRITICAL alert mailed and not acknowledged: its reminders go on. */
    record OpenCritical(String patientId, Instant firstSentAt, int lastReminder, Instant lastReminderAt) {
    }

    /** Something due on the wall clock. */
    record Timer(Kind kind, String patientId, String subject) {

        enum Kind {
            /** a patient's WARNING group is due: {@code subject} empty */
            GROUP,
            /** a CRITICAL alert's next reminder: {@code subject} the alert id */
            REMINDER,
            /** a patient's digest of a local day: {@code subject} the date */
            DIGEST,
            /** a sent digest's row can go: {@code subject} the date */
            DIGEST_PRUNE,
            /** an alert and all about it leave the stores: {@code subject} the alert id */
            RETENTION
        }
    }
}
