package org.adherence.notification.alerts;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Waits out a back-off by pausing only the partition of the alert that failed (the mail server or the ledger did
 * not take it), so that the alerts of patients on other partitions go on meanwhile.
 */
class PartitionPausingBackOffHandler implements BackOffHandler {

    private final ListenerContainerPauseService pauser;
    private final BackOffHandler sleeping = new DefaultBackOffHandler();

    PartitionPausingBackOffHandler(ListenerContainerPauseService pauser) {
        this.pauser = pauser;
    }

    @Override
    public void onNextBackOff(@Nullable MessageListenerContainer container, @Nullable Exception exception,
                              long nextBackOff) {
        AlertNotDeliveredYetException failure = findFailure(exception);
        if (container != null && failure != null) {
            pauser.pausePartition(container, failure.partition(), Duration.ofMillis(nextBackOff));
        }
        else {
            sleeping.onNextBackOff(container, exception, nextBackOff);
        }
    }

    private static @Nullable AlertNotDeliveredYetException findFailure(@Nullable Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof AlertNotDeliveredYetException failure) {
                return failure;
            }
        }
        return null;
    }
}
