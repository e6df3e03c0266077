package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail server refusing every session ({@code 421}) for a minute while alerts keep coming: none is lost, none is
 * mailed twice, and they go out once it accepts again.
 */
@ExtendWith(SharedStack.class)
class MailOutageFaultTest {

    private static final Logger log = LoggerFactory.getLogger(MailOutageFaultTest.class);

    private static final Duration OUTAGE = Duration.ofMinutes(1);

    @Test
    void emailsRefusedForAMinuteAreDeliveredOnceAfterwards() throws Exception {
        FaultStack stack = SharedStack.get();
        Patients patients = Patients.of("mailout", 180);
        patients.enrol(stack);

        // given a steady load of 6 doses a second for 30 s: 360 emails
        SteadyLoad load = SteadyLoad.start(stack, patients, 6);
        Thread.sleep(5_000);

        // when the mail server refuses everything for a minute
        stack.mail().refuseEverything(421, "4.3.2 Service not available, closing transmission channel");
        Instant refusingFrom = Instant.now();
        Thread.sleep(OUTAGE.toMillis());
        long refusals = stack.mail().refusals();
        stack.mail().acceptEverything();
        Instant acceptingFrom = Instant.now();
        Reconciliation outcome = new Reconciliation(stack, patients, load.awaitAnswers())
                .settle(Duration.ofMinutes(4), Duration.ofSeconds(5));
        log.info("mail server refusing for {} ({} sessions refused): {}", OUTAGE, refusals, outcome.figures());

        // then it was tried and refused, nothing got through meanwhile, and afterwards everything did, once
        assertThat(refusals).as("sessions refused during the outage").isPositive();
        assertThat(stack.mail().received(m -> m.receivedAt().isAfter(refusingFrom.plusSeconds(1))
                && m.receivedAt().isBefore(acceptingFrom) && m.subject().contains(patients.prefix())))
                .as("emails accepted while refusing").isEmpty();
        Assertions.nothingAcceptedLost(outcome, 0, stack);
    }
}
