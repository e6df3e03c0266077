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

    private final AlertDispatcher dispatcher;
    private final CriticalReminders reminders;
    private final DailyDigests digests;
    private final Duration interval;
    private final Duration digestInterval;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    ScheduledDeliveries(AlertDispatcher dispatcher, CriticalReminders reminders, DailyDigests digests,
                        NotificationProperties properties) {
        this.dispatcher = dispatcher;
        this.reminders = reminders;
        this.digests = digests;
        this.interval = properties.retry().initialInterval();
        this.digestInterval = properties.digestCheckInterval();
        scheduler.setThreadNamePrefix("scheduled-deliveries-");
        scheduler.setPoolSize(1);
    }

    @Override
    public synchronized void start() {
        scheduler.initialize();
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(dispatcher::retryPending), interval));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(reminders::sendDue), interval));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> guarded(digests::sendDue), digestInterval));
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
