package org.adherence.notification.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.adherence.contracts.clinics.ProfileOwnership;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.Acknowledged;
import org.adherence.notification.ack.WhoMayAcknowledge;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.EmailKind;
import org.adherence.notification.events.EmailRefused;
import org.adherence.notification.events.SendResult;
import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.notification.metrics.NotificationMetrics.Outcome;
import org.adherence.notification.routing.EmailKeys;
import org.adherence.notification.routing.RecipientRouting;
import org.adherence.notification.sending.EmailDispatch;
import org.adherence.notification.sending.Lane;
import org.adherence.notification.sending.SendJob;
import org.adherence.notification.stream.StoredRecords.AlertTakenIn;
import org.adherence.notification.stream.StoredRecords.Delivered;
import org.adherence.notification.stream.StoredRecords.Digest;
import org.adherence.notification.stream.StoredRecords.OpenCritical;
import org.adherence.notification.stream.StoredRecords.OutboxEntry;
import org.adherence.notification.stream.StoredRecords.Refused;
import org.adherence.notification.stream.StoredRecords.Timer;
import org.adherence.notification.stream.StoredRecords.WarningGroup;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The care team's emails, per patient, on the stream thread of the patient's partition; every store change and
 * every record forwarded is in the same exactly-once transaction as the input it came from.
 * <ul>
 *   <li><b>alert</b>: taken in once (a repeat of its id changes nothing); nobody to mail yet -> held; CRITICAL and
 *   HIGH -> an email per recipient in the outbox at once; WARNING -> the patient's group; INFO -> the patient's digest
 *   of the day;</li>
 *   <li><b>profile</b>: the patient's held alerts are routed again at once; a profile of another clinic than the
 *   patient's is ignored;</li>
 *   <li><b>acknowledgement</b>: the first press wins, of a clinician the CRITICAL alert was mailed to (any other is
 *   ignored, counted), or of the care console (any severity: its HTTP layer checked the clinician); reminders
 *   stop;</li>
 *   <li><b>send result</b>: sent -> the ledger (and a CRITICAL alert's reminders start); refused for a while -> that
 *   address alone waits, with back-off; refused for good -> that address is dead-lettered for those alerts; set-up
 *   fault, not tried, given back -> due again;</li>
 *   <li><b>every dispatch interval</b> (wall clock), and at once after an input that makes a CRITICAL or HIGH email:
 *   the outbox's due emails to the senders, the most urgent lane first, each leased so that it is handed out once;</li>
 *   <li><b>every timer interval</b> (wall clock: a patient who goes silent still gets his reminders and digests):
 *   groups, reminders, digests and retention that are due; leases that ended without a result.</li>
 * </ul>
 * Each change to an alert's delivery log is forwarded, for the store the delivery log is read from.
 */
final class NotificationProcessor implements Processor<String, NotificationInput, String, NotificationOutput> {

    private static final Logger log = LoggerFactory.getLogger(NotificationProcessor.class);

    private static final String TRACEPARENT = "traceparent";

    /** A sent digest's row is kept this long, so that an INFO alert of its day joins the next day's. */
    private static final Duration DIGEST_KEPT = Duration.ofDays(2);

    /** Emails looked at per lane in one hand-out. */
    private static final int HAND_OUT_BATCH = 500;

    /** Timers and expired leases released in one tick: a storm's retention day must not stall the thread. */
    private static final int TIMER_BATCH = 1000;

    private final NotificationProperties properties;

    private final EmailDispatch dispatch;

    private final NotificationMetrics metrics;

    private ProcessorContext<String, NotificationOutput> context;

    private State state;

    private String taskId;

    /** Alerts whose delivery log changed during the current input or punctuation. */
    private final Set<String> changed = new LinkedHashSet<>();

    /** Lanes with emails added during the current input, handed out at its end. */
    private final Set<Lane> newEmails = EnumSet.noneOf(Lane.class);

    private AtomicLong held;

    /** When this task may first take a lease as ended: one lease after its first tick. */
    private Instant sweepLeasesFrom;

    private AtomicLong digestQueued;

    private AtomicLong unacknowledged;

    NotificationProcessor(NotificationProperties properties, EmailDispatch dispatch, NotificationMetrics metrics) {
        this.properties = properties;
        this.dispatch = dispatch;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, NotificationOutput> context) {
        this.context = context;
        this.state = State.of(context);
        this.taskId = context.taskId().toString();
        held = metrics.held().of(taskId);
        digestQueued = metrics.digestQueued().of(taskId);
        unacknowledged = metrics.unacknowledgedCriticals().of(taskId);
        countWhatIsHeld();
        context.schedule(properties.dispatchInterval(), PunctuationType.WALL_CLOCK_TIME, at -> {
            handOut(Instant.ofEpochMilli(at), EnumSet.allOf(Lane.class));
            flushChanges();
        });
        context.schedule(properties.timerInterval(), PunctuationType.WALL_CLOCK_TIME, at -> {
            releaseDue(Instant.ofEpochMilli(at));
            flushChanges();
        });
    }

    @Override
    public void close() {
        // the partition moves away or the service stops: emails not started go back, those being sent are waited for
        dispatch.release(taskId);
        metrics.held().closed(taskId);
        metrics.digestQueued().closed(taskId);
        metrics.unacknowledgedCriticals().closed(taskId);
    }

    @Override
    public void process(Record<String, NotificationInput> record) {
        String patientId = record.key();
        if (patientId == null) {
            log.warn("Skipping a record without patient id at {}", context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown position"));
            return;
        }
        Instant now = now();
        NotificationInput input = record.value();
        if (input instanceof NotificationInput.Alert alert) {
            takeIn(alert.alert(), traceparentOf(record), now);
        }
        else if (input instanceof NotificationInput.Profile profile) {
            profileChanged(patientId, profile.profile(), now);
        }
        else if (input instanceof NotificationInput.Ack ack) {
            acknowledge(ack.request());
        }
        else if (input instanceof NotificationInput.Result result) {
            apply(result.result(), now);
            // a sender is free again: under load the outbox refills from the results, not from the clock
            newEmails.addAll(EnumSet.allOf(Lane.class));
        }
        if (!newEmails.isEmpty()) {
            handOut(now, newEmails);
            newEmails.clear();
        }
        flushChanges();
    }

    // ------------------------------------------------------------------------------------------------ alerts in

    private void takeIn(AlertRaised alert, String traceparent, Instant now) {
        if (state.alerts().get(alert.alertId()) != null) {
            // the same finding again (a replay of rules-service): mailed once, ever
            metrics.count(alert.severity(), Outcome.DEDUPLICATED);
            return;
        }
        AlertTakenIn takenIn = new AlertTakenIn(alert, now, traceparent);
        state.alerts().put(alert.alertId(), takenIn);
        schedule(now.plus(properties.retention()), Timer.Kind.RETENTION, alert.patientId(), alert.alertId());
        route(takenIn, state.profiles().get(alert.patientId()), now);
    }

    private void route(AlertTakenIn takenIn, PatientProfileUpdated profile, Instant now) {
        AlertRaised alert = takenIn.alert();
        changed.add(alert.alertId());
        List<CareTeamMember> recipients = profile == null ? List.of()
                : RecipientRouting.recipientsOf(alert.severity(), profile.careTeam());
        if (recipients.isEmpty()) {
            hold(alert, profile == null ? "no profile yet" : "nobody at " + alert.severity());
            return;
        }
        switch (alert.severity()) {
            case CRITICAL, HIGH -> {
                for (CareTeamMember recipient : recipients) {
                    addEmail(OutboxEntry.of(Lane.of(alert.severity()),
                            NotificationStores.perAlert(alert.alertId(), recipient.email()), EmailKind.ALERT,
                            alert.patientId(), recipient, List.of(alert.alertId()), 0, null, now));
                }
                log.info("Routed alertId={} severity={} rule={} patientId={} to {} recipient(s)", alert.alertId(),
                        alert.severity(), alert.rule(), alert.patientId(), recipients.size());
            }
            case WARNING -> group(alert, now);
            case INFO -> queueForDigest(alert, profile, now);
        }
    }

    private void hold(AlertRaised alert, String why) {
        if (state.held().putIfAbsent(NotificationStores.held(alert.patientId(), alert.alertId()), alert.alertId())
                == null) {
            held.incrementAndGet();
            metrics.count(alert.severity(), Outcome.UNDELIVERABLE);
            log.warn("Held alertId={} severity={} patientId={}: {}", alert.alertId(), alert.severity(),
                    alert.patientId(), why);
        }
        changed.add(alert.alertId());
    }

    /**
     * {@code first clinic on the topic owns the patient: its profiles replace the kept one; another clinic's (or one of
     * no clinic) after it are ignored; a tombstone forgets the patient} (ProfileOwnership, as intake decides it).
     */
    private void profileChanged(String patientId, PatientProfileUpdated profile, Instant now) {
        if (profile == null) {
            state.profiles().delete(patientId);
            return;
        }
        PatientProfileUpdated current = state.profiles().get(patientId);
        if (!ProfileOwnership.accepts(current == null ? null : current.clinicId(), profile.clinicId())) {
            metrics.profileOfAnotherClinicIgnored();
            log.warn("Ignored a profile of patientId={} from clinic {}: the patient is another clinic's", patientId,
                    profile.clinicId());
            return;
        }
        state.profiles().put(patientId, profile);
        for (KeyValue<String, String> held : State.withPrefix(state.held(), patientId + "|")) {
            AlertTakenIn takenIn = state.alerts().get(held.value);
            state.held().delete(held.key);
            this.held.decrementAndGet();
            if (takenIn != null) {
                log.info("Releasing held alertId={} patientId={}: a profile arrived", held.value, patientId);
                route(takenIn, profile, now);
            }
        }
        // a digest whose day ended while nobody could be mailed
        for (KeyValue<String, Digest> digest : State.withPrefix(state.digests(), patientId + "|")) {
            LocalDate day = LocalDate.parse(digest.key.substring(patientId.length() + 1));
            if (digest.value.sentAt() == null && !now.isBefore(day.plusDays(1).atStartOfDay(digest.value.zone())
                    .toInstant())) {
                sendDigest(patientId, day, now);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ WARNING groups

    /**
     * {@code no group -> WAITING until now + group-wait; WAITING or INTERVAL -> the alert waits with the others}
     * (CONTRACT.md: a WARNING raised within group-interval after a group's email waits for the next one).
     */
    private void group(AlertRaised alert, Instant now) {
        WarningGroup group = state.groups().get(alert.patientId());
        if (group == null) {
            Instant flushAt = now.plus(properties.groupWait());
            state.groups().put(alert.patientId(), new WarningGroup(WarningGroup.Phase.WAITING, flushAt,
                    List.of(alert.alertId()), 0));
            schedule(flushAt, Timer.Kind.GROUP, alert.patientId(), "");
        }
        else {
            state.groups().put(alert.patientId(), group.with(alert.alertId()));
        }
    }

    /**
     * The group is due: {@code pending -> one email per clinician, then INTERVAL until now + group-interval;
     * nothing pending at the end of an interval -> the group ends}.
     */
    private void flushGroup(String patientId, Instant now) {
        WarningGroup group = state.groups().get(patientId);
        if (group == null || now.isBefore(group.flushAt())) {
            return;
        }
        if (group.pending().isEmpty()) {
            state.groups().delete(patientId);
            return;
        }
        PatientProfileUpdated profile = state.profiles().get(patientId);
        List<CareTeamMember> clinicians = profile == null ? List.of()
                : RecipientRouting.recipientsOf(Severity.WARNING, profile.careTeam());
        if (clinicians.isEmpty()) {
            state.groups().delete(patientId);
            for (String alertId : group.pending()) {
                AlertTakenIn takenIn = state.alerts().get(alertId);
                if (takenIn != null) {
                    hold(takenIn.alert(), "no clinician");
                }
            }
            return;
        }
        int number = group.sent() + 1;
        for (CareTeamMember clinician : clinicians) {
            addEmail(OutboxEntry.of(Lane.WARNING, "group|" + patientId + "|" + number + "|"
                            + EmailKeys.address(clinician.email()), EmailKind.GROUP, patientId, clinician,
                    group.pending(), 0, null, now));
        }
        changed.addAll(group.pending());
        Instant next = now.plus(properties.groupInterval());
        state.groups().put(patientId, new WarningGroup(WarningGroup.Phase.INTERVAL, next, List.of(), number));
        schedule(next, Timer.Kind.GROUP, patientId, "");
        log.info("Grouped {} WARNING alert(s) of patientId={} into email {} to {} clinician(s)",
                group.pending().size(), patientId, number, clinicians.size());
    }

    // -------------------------------------------------------------------------------------------- INFO digests

    /**
     * The digest of the local day on which the alert reached this service, in the patient's zone (UTC without a
     * profile); the next day's if that day's has gone out already (the patient moved to a zone where it is not over).
     */
    private void queueForDigest(AlertRaised alert, PatientProfileUpdated profile, Instant now) {
        ZoneId zone = profile == null ? ZoneOffset.UTC : profile.timeZone();
        LocalDate day = LocalDate.ofInstant(now, zone);
        Digest digest;
        while ((digest = state.digests().get(NotificationStores.digest(alert.patientId(), day))) != null
                && digest.sentAt() != null) {
            day = day.plusDays(1);
        }
        if (digest == null) {
            digest = new Digest(zone, List.of(), null);
            schedule(day.plusDays(1).atStartOfDay(zone).toInstant(), Timer.Kind.DIGEST, alert.patientId(),
                    day.toString());
        }
        state.digests().put(NotificationStores.digest(alert.patientId(), day), digest.with(alert.alertId()));
        digestQueued.incrementAndGet();
    }

    private void sendDigest(String patientId, LocalDate day, Instant now) {
        String key = NotificationStores.digest(patientId, day);
        Digest digest = state.digests().get(key);
        if (digest == null || digest.sentAt() != null) {
            return;
        }
        PatientProfileUpdated profile = state.profiles().get(patientId);
        List<CareTeamMember> recipients = profile == null ? List.of()
                : RecipientRouting.recipientsOf(Severity.INFO, profile.careTeam());
        if (recipients.isEmpty()) {
            // kept: the profile that names a care team sends it
            return;
        }
        for (CareTeamMember recipient : recipients) {
            addEmail(OutboxEntry.of(Lane.INFO, "digest|" + patientId + "|" + day + "|"
                            + EmailKeys.address(recipient.email()), EmailKind.DIGEST, patientId, recipient,
                    digest.alertIds(), 0, day, now));
        }
        state.digests().put(key, new Digest(digest.zone(), digest.alertIds(), now));
        digestQueued.addAndGet(-digest.alertIds().size());
        changed.addAll(digest.alertIds());
        schedule(now.plus(DIGEST_KEPT), Timer.Kind.DIGEST_PRUNE, patientId, day.toString());
    }

    // ------------------------------------------------------------------------------------ CRITICAL reminders

    /**
     * Reminder n of an unacknowledged CRITICAL alert, to its physicians (or its other clinicians):
     * {@code due at max(first email + n x critical-repeat, reminder n-1 + critical-repeat)}; after a pause, the next
     * number once, not every one missed.
     */
    private void remind(String alertId, Instant now) {
        OpenCritical open = state.criticals().get(alertId);
        AlertTakenIn takenIn = state.alerts().get(alertId);
        if (open == null || takenIn == null || state.acks().get(alertId) != null) {
            return;
        }
        AlertRaised alert = takenIn.alert();
        int number = open.lastReminder() + 1;
        PatientProfileUpdated profile = state.profiles().get(alert.patientId());
        List<CareTeamMember> recipients = profile == null ? List.of()
                : RecipientRouting.reminderRecipientsOf(profile.careTeam());
        if (recipients.stream().noneMatch(member -> member.role() != null && member.role().isClinician())) {
            log.warn("Reminder {} of alertId={} patientId={}: the care team has no clinician; reminding all of it",
                    number, alertId, alert.patientId());
        }
        int reminded = 0;
        for (CareTeamMember recipient : recipients) {
            if (state.refused().get(NotificationStores.perAlert(alertId, recipient.email())) == null) {
                addEmail(OutboxEntry.of(Lane.CRITICAL, NotificationStores.perReminder(alertId, number,
                                recipient.email()), EmailKind.REMINDER, alert.patientId(), recipient,
                        List.of(alertId), number, null, now));
                reminded++;
            }
        }
        state.criticals().put(alertId, new OpenCritical(open.patientId(), open.firstSentAt(), number, now));
        Instant next = later(open.firstSentAt().plus(properties.criticalRepeat().multipliedBy(number + 1L)),
                now.plus(properties.criticalRepeat()));
        schedule(next, Timer.Kind.REMINDER, alert.patientId(), alertId);
        log.info("Reminder {} of alertId={} (CRITICAL {}) patientId={} to {} recipient(s)", number, alertId,
                alert.rule(), alert.patientId(), reminded);
    }

    private void acknowledge(AckRequested request) {
        if (state.acks().get(request.alertId()) != null) {
            // the first press wins, on every instance and every replay
            return;
        }
        AlertTakenIn takenIn = state.alerts().get(request.alertId());
        if (takenIn == null) {
            log.warn("Acknowledgement of an alert not held, alertId={} patientId={}", request.alertId(),
                    request.patientId());
            return;
        }
        // the console's presses were authorized by its HTTP layer (scope alerts:acknowledge, a clinician's role, the
        // patient's clinic): any severity. A link's press counts only as WhoMayAcknowledge says
        if (!request.isFromConsole() && !WhoMayAcknowledge.mayAcknowledge(takenIn.alert().severity(),
                roleMailedTo(request.alertId(), request.by()))) {
            metrics.acknowledgementRefused();
            log.warn("Acknowledgement of alertId={} patientId={} refused: not by a clinician the CRITICAL alert was "
                    + "mailed to", request.alertId(), request.patientId());
            return;
        }
        String via = request.isFromConsole() ? AckRequested.VIA_CONSOLE : AckRequested.VIA_EMAIL;
        // the reason is the clinician's free text: stored for the delivery log, never logged
        state.acks().put(request.alertId(), new Acknowledged(request.by(), request.at(), request.requestId(), via,
                request.isFromConsole() ? request.reason() : null));
        if (state.criticals().delete(request.alertId()) != null) {
            unacknowledged.decrementAndGet();
        }
        changed.add(request.alertId());
        log.info("Acknowledged alertId={} patientId={} via={}: reminders stop", request.alertId(),
                request.patientId(), via);
    }

    /** The role an address had when the alert was mailed to it (a clinician's, if any of its emails was); or null. */
    private CareTeamRole roleMailedTo(String alertId, String address) {
        CareTeamRole role = null;
        for (KeyValue<String, Delivered> row : State.withPrefix(state.ledger(), alertId + "|")) {
            if (RecipientRouting.normalised(row.value.recipient()).equals(RecipientRouting.normalised(address))
                    && (role == null || row.value.role() != null && row.value.role().isClinician())) {
                role = row.value.role();
            }
        }
        return role;
    }

    // ------------------------------------------------------------------------------------------------- outbox

    private void addEmail(OutboxEntry entry) {
        state.outbox().put(NotificationStores.due(entry.lane(), entry.dueAt(), entry.emailKey()), entry);
        newEmails.add(entry.lane());
    }

    /**
     * The due emails of these lanes to the senders, most urgent lane first, oldest first: each leased (re-keyed under
     * its lease's end) once a sender has taken it, so that it is not handed out again while it is being sent. Stops at
     * a lane that is full, and while the mail server refuses sessions (but for the one probe).
     */
    private void handOut(Instant now, Set<Lane> lanes) {
        for (Lane lane : Lane.values()) {
            if (!lanes.contains(lane)) {
                continue;
            }
            // no more than the senders take now: with thousands of emails queued, a full lane costs no read
            int room = Math.min(dispatch.room(lane, now), HAND_OUT_BATCH);
            if (room == 0) {
                continue;
            }
            List<KeyValue<String, OutboxEntry>> due = State.inRange(state.outbox(), NotificationStores.lanePrefix(lane),
                    NotificationStores.dueUpTo(lane, now), room);
            for (KeyValue<String, OutboxEntry> email : due) {
                if (dispatch.holds(email.value.emailKey())) {
                    // a sender has it, or its result is on its way back: a task that replays its last transaction
                    // (closed dirty: fenced, a broker back) routes the same email again before it reads that result
                    continue;
                }
                SendJob job = jobFor(email.key, email.value, now);
                if (job == null) {
                    continue;
                }
                if (!dispatch.offer(job, now)) {
                    break;
                }
                state.outbox().delete(email.key);
                state.outbox().put(job.outboxKey(), email.value.leased(job.leaseUntil()));
            }
        }
    }

    /** The email as a sender needs it; null (and the entry gone) when nobody needs it any more. */
    private SendJob jobFor(String key, OutboxEntry entry, Instant now) {
        String address = entry.recipient().email();
        List<AlertRaised> alerts = new ArrayList<>();
        Map<String, String> traces = new LinkedHashMap<>();
        for (String alertId : entry.alertIds()) {
            AlertTakenIn takenIn = state.alerts().get(alertId);
            String ledgerKey = entry.kind() == EmailKind.REMINDER
                    ? NotificationStores.perReminder(alertId, entry.reminder(), address)
                    : NotificationStores.perAlert(alertId, address);
            if (takenIn == null || state.ledger().get(ledgerKey) != null || state.refused().get(ledgerKey) != null
                    || entry.kind() == EmailKind.REMINDER && !stillReminding(alertId, entry.reminder())) {
                continue;
            }
            alerts.add(takenIn.alert());
            if (takenIn.traceparent() != null) {
                traces.put(alertId, takenIn.traceparent());
            }
        }
        if (alerts.isEmpty()) {
            // sent already (a repeat of a result), refused, acknowledged, superseded or gone with its retention
            state.outbox().delete(key);
            metrics.count(entry.kind() == EmailKind.DIGEST ? Severity.INFO
                    : entry.lane() == Lane.WARNING ? Severity.WARNING
                    : entry.lane() == Lane.HIGH ? Severity.HIGH : Severity.CRITICAL, Outcome.DEDUPLICATED);
            return null;
        }
        PatientProfileUpdated profile = state.profiles().get(entry.patientId());
        ZoneId zone = profile == null ? ZoneOffset.UTC : profile.timeZone();
        Instant leaseUntil = now.plus(properties.sender().lease());
        return new SendJob(taskId, NotificationStores.leased(leaseUntil, entry.emailKey()), entry.attempt() + 1,
                leaseUntil, entry.lane(), entry.emailKey(), entry.kind(), entry.patientId(), entry.recipient(), alerts,
                zone, entry.reminder(), entry.digestDate(), traces);
    }

    private boolean stillReminding(String alertId, int reminder) {
        OpenCritical open = state.criticals().get(alertId);
        return open != null && open.lastReminder() == reminder && state.acks().get(alertId) == null;
    }

    /** What a sender says became of an email (see {@link SendResult.Outcome}). */
    private void apply(SendResult result, Instant now) {
        dispatch.settled(result.emailKey(), result.attempt());
        OutboxEntry entry = state.outbox().get(result.outboxKey());
        boolean current = entry != null && entry.attempt() == result.attempt();
        changed.addAll(result.alertIds());
        switch (result.outcome()) {
            case SENT -> {
                // even for a stale attempt: the email did go out
                recordSent(result);
                if (entry != null) {
                    state.outbox().delete(result.outboxKey());
                }
            }
            case PERMANENT -> {
                for (String alertId : result.alertIds()) {
                    state.refused().put(ledgerKey(result, alertId), new StoredRecords.Refused(result.emailKey(),
                            result.recipient(), result.reply(), result.at()));
                }
                context.forward(new Record<>(result.patientId(), new NotificationOutput.Refusal(new EmailRefused(
                        EmailRefused.SCHEMA_VERSION, result.emailKey(), result.patientId(), result.alertIds(),
                        result.recipient(), result.reply(), result.at())), now.toEpochMilli()));
                if (entry != null) {
                    state.outbox().delete(result.outboxKey());
                }
            }
            case TEMPORARY -> {
                if (current) {
                    int failures = entry.attempts() + 1;
                    requeue(result.outboxKey(), entry.due(now.plus(properties.retry().after(failures)), failures,
                            result.reply()));
                }
            }
            case SETUP, NOT_ATTEMPTED, RELEASED -> {
                if (current) {
                    // not the address's fault: due again at once; the senders' gate says when it goes
                    requeue(result.outboxKey(), entry.due(now, entry.attempts(), result.reply()));
                }
            }
        }
    }

    private void requeue(String leasedKey, OutboxEntry entry) {
        state.outbox().delete(leasedKey);
        state.outbox().put(NotificationStores.due(entry.lane(), entry.dueAt(), entry.emailKey()), entry);
    }

    private void recordSent(SendResult result) {
        for (String alertId : result.alertIds()) {
            AlertTakenIn takenIn = state.alerts().get(alertId);
            if (takenIn == null) {
                continue;
            }
            AlertRaised alert = takenIn.alert();
            if (result.kind() != EmailKind.REMINDER && State.withPrefix(state.ledger(), alertId + "|").isEmpty()
                    && alert.raisedAt() != null) {
                metrics.firstEmailAccepted(alert.severity(), Duration.between(alert.raisedAt(), result.at()));
            }
            CareTeamMember member = new CareTeamMember(null, result.recipient(), roleOf(alert, result.recipient()));
            state.ledger().put(ledgerKey(result, alertId), new Delivered(result.emailKey(), result.recipient(),
                    member.role(), result.reminder(), result.at(), result.messageId()));
            if (alert.severity() == Severity.CRITICAL && result.kind() == EmailKind.ALERT
                    && state.criticals().get(alertId) == null && state.acks().get(alertId) == null) {
                state.criticals().put(alertId, new OpenCritical(alert.patientId(), result.at(), 0, result.at()));
                unacknowledged.incrementAndGet();
                schedule(result.at().plus(properties.criticalRepeat()), Timer.Kind.REMINDER, alert.patientId(),
                        alertId);
            }
        }
    }

    private CareTeamRole roleOf(AlertRaised alert, String address) {
        PatientProfileUpdated profile = state.profiles().get(alert.patientId());
        if (profile == null) {
            return null;
        }
        return profile.careTeam().stream()
                .filter(member -> member.email() != null && member.email().equalsIgnoreCase(address))
                .map(CareTeamMember::role).findFirst().orElse(null);
    }

    private static String ledgerKey(SendResult result, String alertId) {
        return result.kind() == EmailKind.REMINDER
                ? NotificationStores.perReminder(alertId, result.reminder(), result.recipient())
                : NotificationStores.perAlert(alertId, result.recipient());
    }

    // ------------------------------------------------------------------------------------------------- timers

    private void schedule(Instant at, Timer.Kind kind, String patientId, String subject) {
        Timer timer = new Timer(kind, patientId, subject);
        state.timers().put(NotificationStores.timer(at, timer), timer);
    }

    /** What the wall clock makes due: timers, and the leases that ended without a result. */
    private void releaseDue(Instant now) {
        for (KeyValue<String, Timer> due : State.inRange(state.timers(), NotificationStores.millis(Instant.EPOCH),
                NotificationStores.timersUpTo(now), TIMER_BATCH)) {
            state.timers().delete(due.key);
            Timer timer = due.value;
            switch (timer.kind()) {
                case GROUP -> flushGroup(timer.patientId(), now);
                case REMINDER -> remind(timer.subject(), now);
                case DIGEST -> sendDigest(timer.patientId(), LocalDate.parse(timer.subject()), now);
                case DIGEST_PRUNE -> state.digests().delete(NotificationStores.digest(timer.patientId(),
                        LocalDate.parse(timer.subject())));
                case RETENTION -> forget(timer.subject());
            }
        }
        if (sweepLeasesFrom == null) {
            // the first tick of this task (not init: the stream thread's cached clock is not set yet there). The
            // predecessor's results may still be unread on send-results, behind the committed offset: its leases are
            // not taken as ended before one lease has passed here, or an email it sent would go out again
            sweepLeasesFrom = now.plus(properties.sender().lease());
        }
        List<KeyValue<String, OutboxEntry>> expiredLeases = now.isBefore(sweepLeasesFrom) ? List.of()
                : State.inRange(state.outbox(), NotificationStores.LEASED + "|", NotificationStores.leasedUpTo(now),
                        TIMER_BATCH);
        for (KeyValue<String, OutboxEntry> expired : expiredLeases) {
            if (dispatch.holds(expired.value.emailKey())) {
                // still being sent, or its result still on its way to the brokers: not over yet
                continue;
            }
            log.warn("No result for email {} of patientId={} within its lease: handing it out again",
                    EmailKeys.loggable(expired.value.emailKey()), expired.value.patientId());
            requeue(expired.key, expired.value.due(now, expired.value.attempts(), expired.value.lastReply()));
        }
        handOut(now, EnumSet.allOf(Lane.class));
    }

    /** The retention of an alert ended: it and all about it leave the stores (and its delivery log). */
    private void forget(String alertId) {
        AlertTakenIn takenIn = state.alerts().delete(alertId);
        for (KeyValue<String, Delivered> row : State.withPrefix(state.ledger(), alertId + "|")) {
            state.ledger().delete(row.key);
        }
        for (KeyValue<String, Refused> row : State.withPrefix(state.refused(), alertId + "|")) {
            state.refused().delete(row.key);
        }
        state.acks().delete(alertId);
        if (state.criticals().delete(alertId) != null) {
            unacknowledged.decrementAndGet();
            log.warn("Reminders of alertId={} end with its retention, unacknowledged", alertId);
        }
        if (takenIn != null && state.held().delete(NotificationStores.held(takenIn.alert().patientId(), alertId))
                != null) {
            held.decrementAndGet();
        }
        changed.add(alertId);
    }

    // -------------------------------------------------------------------------------------------- the views

    private void flushChanges() {
        for (String alertId : changed) {
            AlertTakenIn takenIn = state.alerts().get(alertId);
            String patientId = takenIn == null ? "" : takenIn.alert().patientId();
            context.forward(new Record<>(patientId, new NotificationOutput.ViewChanged(alertId,
                    DeliveryLogProjection.of(state, alertId)), context.currentSystemTimeMs()));
        }
        changed.clear();
    }

    private void countWhatIsHeld() {
        long[] counts = new long[3];
        State.forEach(state.held(), (key, alertId) -> counts[0]++);
        State.forEach(state.digests(), (key, digest) -> counts[1] += digest.sentAt() == null
                ? digest.alertIds().size() : 0);
        State.forEach(state.criticals(), (key, open) -> counts[2]++);
        held.set(counts[0]);
        digestQueued.set(counts[1]);
        unacknowledged.set(counts[2]);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String traceparentOf(Record<String, NotificationInput> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
