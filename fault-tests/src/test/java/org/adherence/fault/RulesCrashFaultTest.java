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
 * rules-service killed with {@code kill -9} in the middle of a steady stream of doses and started again: its
 * exactly-once transactions leave no alert half-written, so the alerts on the topic are exactly those a replay of the
 * same events through the same rules gives, and every one is mailed once.
 */
@ExtendWith(SharedStack.class)
class RulesCrashFaultTest {

    private static final Logger log = LoggerFactory.getLogger(RulesCrashFaultTest.class);

    @Test
    void theAlertsAfterACrashAreThoseOfAReplayAndEachIsMailedOnce() throws Exception {
        FaultStack stack = SharedStack.get();
        Patients patients = Patients.of("rules", 300);
        patients.enrol(stack);

        // given a steady load of 6 doses a second for 50 s
        SteadyLoad load = SteadyLoad.start(stack, patients, 6);
        Thread.sleep(15_000);

        // when rules-service is killed mid-stream and started again 5 s later
        ServiceProcess rules = stack.rules().get(0);
        rules.kill();
        Instant killedAt = Instant.now();
        Thread.sleep(5_000);
        rules.restart();
        rules.awaitHealthy(FaultStack.STARTUP);
        Reconciliation outcome = new Reconciliation(stack, patients, load.awaitAnswers())
                .settle(Duration.ofMinutes(4), Duration.ofSeconds(5));
        log.info("rules-service killed and restarted: {}{}", outcome.figures(),
                outcome.timeline(killedAt, Duration.ofSeconds(10)));

        // then every accepted dose raised exactly the alert a replay of the same events raises, mailed once each
        assertThat(outcome.alertIds()).as("alert ids on the topic against a replay of the topics' events")
                .isEqualTo(RulesReplay.alertIds(stack, patients));
        assertThat(outcome.byStatus()).as("answers: the broker never went away").containsOnlyKeys(202);
        Assertions.nothingAcceptedLost(outcome, 0, stack);
    }
}
