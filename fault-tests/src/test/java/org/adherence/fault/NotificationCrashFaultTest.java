package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.adherence.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notification-service killed with {@code kill -9} while it is sending and started again: every alert's emails still
 * reach the mail server, and an email is repeated only within the documented window (docs/reliability.md): one that
 * the mail server had accepted when the process died, before the service had recorded it.
 */
@ExtendWith(SharedStack.class)
class NotificationCrashFaultTest {

    private static final Logger log = LoggerFactory.getLogger(NotificationCrashFaultTest.class);

    /**
     * The most emails one instance can have had accepted and not yet recorded when it dies: the documented window,
     * one email per sending thread (4 for every lane and 1 for CRITICAL emails only, by default), each repeat with the
     * Message-ID of the first.
     */
    static final int EMAILS_IN_FLIGHT_PER_INSTANCE = 5;

    @Test
    void everyEmailIsDeliveredAfterACrashWhileSendingAndOnlyThoseInFlightRepeat() throws Exception {
        FaultStack stack = SharedStack.get();
        Patients patients = Patients.of("notify", 300);
        patients.enrol(stack);

        // given a steady load of 6 doses a second for 50 s: 12 emails a second to send
        SteadyLoad load = SteadyLoad.start(stack, patients, 6);
        Thread.sleep(15_000);
        int receivedBeforeKill = stack.mail().received(mail -> mail.subject().contains(patients.prefix())).size();

        // when notification-service is killed while sending, and started again 5 s later
        ServiceProcess notification = stack.notifications().get(0);
        notification.kill();
        Instant killedAt = Instant.now();
        Thread.sleep(5_000);
        notification.restart();
        notification.awaitHealthy(FaultStack.STARTUP);
        Reconciliation outcome = new Reconciliation(stack, patients, load.awaitAnswers())
                .settle(Duration.ofMinutes(4), Duration.ofSeconds(5));
        log.info("notification-service killed while sending ({} emails received before) and restarted: {}{}",
                receivedBeforeKill, outcome.figures(), outcome.timeline(killedAt, Duration.ofSeconds(10)));

        // then it was sending when it died, and nothing is lost, at most the emails in flight repeated
        assertThat(receivedBeforeKill).as("this test's emails before the kill: it was sending")
                .isPositive().isLessThan(outcome.expectedEmails().size());
        Assertions.nothingAcceptedLost(outcome, EMAILS_IN_FLIGHT_PER_INSTANCE, stack);
    }
}
