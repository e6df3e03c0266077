package org.adherence.notification.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.adherence.contracts.codes.Severity;
import org.springframework.stereotype.Component;

/**
 * What this instance did with the emails it meant to send, in Prometheus:
 * <ul>
 *   <li>{@code adherence_notifications_total{severity, outcome}}, every series from 0;</li>
 *   <li>{@code adherence_notification_delivery_seconds{severity}}: from an alert's {@code raisedAt} to the mail
 *   server's acceptance of the first email about it;</li>
 *   <li>{@code adherence_critical_alerts_unacknowledged}, {@code adherence_notifications_held},
 *   {@code adherence_notifications_digest_queued}: what the partitions this instance owns hold now (add the instances
 *   up for the whole);</li>
 *   <li>{@code adherence_alerts_dead_lettered_total{reason}}: alert records it could not read;</li>
 *   <li>{@code adherence_notification_mail_server_up}: whether the mail server takes sessions (0 while it refuses or
 *   cannot be reached), and {@code adherence_notification_policy_refusals} 1 while it refuses every address
 *   alike.</li>
 * </ul>
 */
@Component
public class NotificationMetrics {

    public static final String NOTIFICATIONS = "adherence.notifications";
    public static final String DELIVERY = "adherence.notification.delivery";
    public static final String DEAD_LETTERED = "adherence.alerts.dead.lettered";

    /** An INFO alert waits for its patient's local day to end: a digest goes out up to a day and a half later. */
    private static final Duration LONGEST_EXPECTED_DELIVERY = Duration.ofDays(2);

    /** What became of an email (or, for {@code UNDELIVERABLE}, of an alert nobody can be mailed about yet). */
    public enum Outcome {
        SENT, RETRIED, FAILED, DEDUPLICATED, UNDELIVERABLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an alert record was dead-lettered. */
    public enum DeadLetterReason {
        UNREADABLE, UNKNOWN_CODE, EMPTY;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A count the partitions of this instance hold, kept per task and added up. */
    public static final class PerTask {

        private final Map<String, AtomicLong> byTask = new ConcurrentHashMap<>();

        /** The count of one task; set it whole when the task starts, then move it. */
        public AtomicLong of(String taskId) {
            return byTask.computeIfAbsent(taskId, id -> new AtomicLong());
        }

        /** The task moved away or closed: its partition is counted where it is now. */
        public void closed(String taskId) {
            byTask.remove(taskId);
        }

        long total() {
            return byTask.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    private final MeterRegistry meters;
    private final Map<Severity, Timer> deliveries = new EnumMap<>(Severity.class);
    private final Map<DeadLetterReason, Counter> deadLettered = new EnumMap<>(DeadLetterReason.class);
    private final PerTask unacknowledged = new PerTask();
    private final PerTask held = new PerTask();
    private final PerTask digestQueued = new PerTask();
    private final AtomicLong mailServerUp = new AtomicLong(1);
    private final AtomicLong policyRefusals = new AtomicLong();
    private final Counter threadsReplaced;
    private final Counter profilesOfOtherClinics;
    private final Counter acknowledgementsRefused;

    public NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
        // every series exists at 0 from the start: a dashboard shows 0 rather than "no data", and increase() sees
        // the first one
        for (Severity severity : Severity.values()) {
            for (Outcome outcome : Outcome.values()) {
                counter(severity.name(), outcome);
            }
            deliveries.put(severity, Timer.builder(DELIVERY)
                    .description("From an alert's raisedAt to the mail server's acceptance of its first email")
                    .tag("severity", severity.name())
                    .publishPercentileHistogram()
                    .maximumExpectedValue(LONGEST_EXPECTED_DELIVERY)
                    .register(meters));
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(reason, Counter.builder(DEAD_LETTERED)
                    .description("Alert records that could not be read, sent to the dead-letter topic")
                    .tag("reason", reason.tag())
                    .register(meters));
        }
        Gauge.builder("adherence.critical.alerts.unacknowledged", unacknowledged, PerTask::total)
                .description("CRITICAL alerts mailed and not acknowledged, of the partitions this instance owns")
                .register(meters);
        Gauge.builder("adherence.notifications.held", held, PerTask::total)
                .description("Alerts nobody can be mailed about yet, of the partitions this instance owns")
                .register(meters);
        Gauge.builder("adherence.notifications.digest.queued", digestQueued, PerTask::total)
                .description("INFO alerts waiting for their daily digest, of the partitions this instance owns")
                .register(meters);
        Gauge.builder("adherence.notification.mail.server.up", mailServerUp, AtomicLong::get)
                .description("1 while the mail server takes sessions, 0 while it refuses them or cannot be reached")
                .register(meters);
        Gauge.builder("adherence.notification.policy.refusals", policyRefusals, AtomicLong::get)
                .description("1 while the mail server refuses every address alike for policy (5.7.x)")
                .register(meters);
        threadsReplaced = Counter.builder("adherence.notification.stream.threads.replaced")
                .description("Stream threads that died and were replaced")
                .register(meters);
        profilesOfOtherClinics = Counter.builder("adherence.profiles.ignored")
                .description("Profiles ignored: of another clinic than the patient's (the race of two enrolments)")
                .tag("reason", "other_clinic")
                .register(meters);
        acknowledgementsRefused = Counter.builder("adherence.notification.acknowledgements.refused")
                .description("Presses of an acknowledgement link that acknowledged nothing: not a clinician the "
                        + "CRITICAL alert was mailed to")
                .register(meters);
    }

    /** A press that was not a clinician's the CRITICAL alert was mailed to, ignored. */
    public void acknowledgementRefused() {
        acknowledgementsRefused.increment();
    }

    /** A profile of another clinic than the one that owns the patient, ignored. */
    public void profileOfAnotherClinicIgnored() {
        profilesOfOtherClinics.increment();
    }

    public void count(Severity severity, Outcome outcome) {
        counter(severity == null ? "UNKNOWN" : severity.name(), outcome).increment();
    }

    /** The first email about an alert (its own, a group's or a digest listing it) was accepted this long after it was raised. */
    public void firstEmailAccepted(Severity severity, Duration sinceRaised) {
        // rules-service's clock a little ahead of this one gives a negative time, which a timer would drop uncounted
        deliveries.get(severity).record(sinceRaised.isNegative() ? Duration.ZERO : sinceRaised);
    }

    public void deadLettered(DeadLetterReason reason) {
        deadLettered.get(reason).increment();
    }

    public PerTask unacknowledgedCriticals() {
        return unacknowledged;
    }

    public PerTask held() {
        return held;
    }

    public PerTask digestQueued() {
        return digestQueued;
    }

    public void streamThreadReplaced() {
        threadsReplaced.increment();
    }

    public void mailServerUp(boolean up) {
        mailServerUp.set(up ? 1 : 0);
    }

    public void policyRefusalsOfEveryAddress(boolean refusing) {
        policyRefusals.set(refusing ? 1 : 0);
    }

    private Counter counter(String severity, Outcome outcome) {
        return Counter.builder(NOTIFICATIONS)
                .description("Emails meant to be sent, by what became of them")
                .tags("severity", severity, "outcome", outcome.tag())
                .register(meters);
    }
}
