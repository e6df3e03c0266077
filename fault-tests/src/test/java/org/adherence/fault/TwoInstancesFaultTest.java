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
 * Two instances each of rules-service and notification-service sharing the work, and one of each killed with
 * {@code kill -9} in the middle of the run and not started again: the survivors take over its partitions, every
 * alert is the one a replay gives, and every email arrives, repeated only within the documented window.
 */
@ExtendWith(SharedStack.class)
class TwoInstancesFaultTest {

    private static final Logger log = LoggerFactory.getLogger(TwoInstancesFaultTest.class);

    @Test
    void theSurvivorsTakeOverTheWorkOfAKilledInstance() throws Exception {
        FaultStack stack = SharedStack.get();
        // given a second instance of each, sharing the partitions with the first
        ServiceProcess secondRules = stack.startRules();
        ServiceProcess secondNotification = stack.startNotification();
        secondRules.awaitHealthy(FaultStack.STARTUP);
        secondNotification.awaitHealthy(FaultStack.STARTUP);
        Patients patients = Patients.of("twin", 300);
        patients.enrol(stack);

        // and a steady load of 6 doses a second for 50 s
        SteadyLoad load = SteadyLoad.start(stack, patients, 6);
        Thread.sleep(20_000);

        // when one instance of each is killed mid-run, for good
        secondRules.kill();
        secondNotification.kill();
        Instant killedAt = Instant.now();
        Reconciliation outcome = new Reconciliation(stack, patients, load.awaitAnswers())
                .settle(Duration.ofMinutes(4), Duration.ofSeconds(5));
        log.info("one of two instances of rules and notification killed: {}{}", outcome.figures(),
                outcome.timeline(killedAt, Duration.ofSeconds(10)));

        // then the survivors did all the work: the alerts of a replay, every email, repeats only of those in flight
        assertThat(outcome.alertIds()).as("alert ids on the topic against a replay of the topics' events")
                .isEqualTo(RulesReplay.alertIds(stack, patients));
        Assertions.nothingAcceptedLost(outcome, NotificationCrashFaultTest.EMAILS_IN_FLIGHT_PER_INSTANCE, stack);
    }
}
