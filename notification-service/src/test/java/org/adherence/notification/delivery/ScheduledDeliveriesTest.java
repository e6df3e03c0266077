package org.adherence.notification.delivery;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the service while a reminder, digest or held alert is being mailed. */
class ScheduledDeliveriesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void stoppingWaitsForTheRoundInTheMiddleOfAnEmailInsteadOfInterruptingItsLedgerWrite() throws Exception {
        // given a round that is sending (it waits for the mail server, then writes the ledger)
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch mailServerAnswers = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean recorded = new AtomicBoolean();
        ScheduledDeliveries deliveries = new ScheduledDeliveries(() -> {
            sending.countDown();
            try {
                mailServerAnswers.await();
                recorded.set(true);
            }
            catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, () -> { }, () -> { }, Duration.ofMillis(10), Duration.ofMillis(10));
        deliveries.start();
        assertThat(sending.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // when the service stops meanwhile
        Thread stopping = new Thread(deliveries::stop, "stopping");
        stopping.start();
        await().atMost(PATIENCE).until(() -> interrupted.get() || stopping.getState() == Thread.State.TIMED_WAITING);
        mailServerAnswers.countDown();
        stopping.join(PATIENCE.toMillis());

        // then the round finished what it was doing, and stopping returned only after it
        assertThat(interrupted).isFalse();
        assertThat(recorded).isTrue();
        assertThat(stopping.isAlive()).isFalse();
        assertThat(deliveries.isRunning()).isFalse();
    }
}
