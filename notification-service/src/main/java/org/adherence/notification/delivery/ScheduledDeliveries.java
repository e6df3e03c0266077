package org.adherence.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.alerts.AlertDispatcher;
import org.adherence.notification.digest.DailyDigests;
import org.adherence.notification.reminder.CriticalReminders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The emails that do not follow an alert record on wall-clock time: every {@code retry.initial-interval} the held
 * alerts whose care team is now known and the due CRITICAL reminders, every {@code digest-check-interval} the
 * digests of ended days. Each is sent only by the instance that owns the patient's partition.
 */
@Component
class ScheduledDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduledDeliveries.class);

    /** A round may be in the middle of an email and its ledger write: stopping waits for it this long. */
    private static final int AWAIT_ROUND_SECONDS = 40;

    private final Runnable retryPending;
    private final Runnable sendDueReminders;
    private final Runnable sendDueDigests;
    private final Duration interval;
    private final Duration digestInterval;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    @Autowired
    ScheduledDeliveries(AlertDispatcher dispatcher, CriticalReminders reminders, DailyDigests digests,
                        NotificationProperties properties) {
        this(dispatcher::retryPending, reminders::sendDue, digests::sendDue, properties.retry().initialInterval(),
                properties.digestCheckInterval());
    }

    ScheduledDeliveries(Runnable retryPending, Runnable sendDueReminders, Runnable sendDueDigests, Duration interval,
                        Duration digestInterval) {
        this.retryPending = retryPending;
        this.sendDueReminders = sendDueReminders;
        this.sendDueDigests = sendDueDigests;
        this.interval = interval;
        this.digestInterval = digestInterval;
        scheduler.setThreadNamePrefix("scheduled-deliveries-");
        scheduler.setPoolSize(1);
        // never interrupt a round: an interrupted ledger write leaves an email that went out unrecorded, and it
        // goes out once more after the restart
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setAwaitTerminationSeconds(AWAIT_ROUND_SECONDS);
    }

    @Override
    public synchronized void start() {
        scheduler.initialize();
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(retryPending), interval));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(sendDueReminders), interval));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(sendDueDigests), digestInterval));
    }

    @Override
    public synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        scheduler.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return !tasks.isEmpty();
    }

    /** A surprise in one round must not end the schedule: the next round tries again. */
    private static void guarded(Runnable round) {
        try {
            round.run();
        }
        catch (RuntimeException e) {
            log.error("Scheduled delivery round failed; the next round tries again", e);
        }
    }
}
