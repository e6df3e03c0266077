package org.adherence.notification.alerts;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.adherence.notification.NotificationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/** Every retry interval, mails the held alerts whose care team has become known. */
@Component
class PendingAlertRetrier implements SmartLifecycle {

    private final AlertDispatcher dispatcher;

    private final Duration interval;

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    private ScheduledFuture<?> task;

    PendingAlertRetrier(AlertDispatcher dispatcher, NotificationProperties properties) {
        this.dispatcher = dispatcher;
        this.interval = properties.retry().initialInterval();
        scheduler.setThreadNamePrefix("pending-alerts-");
        scheduler.setPoolSize(1);
    }

    @Override
    public synchronized void start() {
        scheduler.initialize();
        task = scheduler.scheduleWithFixedDelay(dispatcher::retryPending, interval);
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        scheduler.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }
}
