package org.adherence.notification.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.metrics.NotificationMetrics;
import org.junit.jupiter.api.Test;

class MailServerStateTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final MailServerState server = new MailServerState(new NotificationProperties.Retry(Duration.ofSeconds(1),
            Duration.ofSeconds(30)), new NotificationMetrics(meters));

    @Test
    void whileSessionsAreRefusedOnlyOneEmailPerBackOffIsTakenThenEveryOneOnceItAccepts() {
        assertThat(server.mayHandOut(T0)).isTrue();

        server.refusedSession(T0, "421 4.3.2");
        assertThat(server.snapshot().up()).isFalse();
        assertThat(meters.get("adherence.notification.mail.server.up").gauge().value()).isZero();
        assertThat(server.mayHandOut(T0.plusMillis(500))).as("before the back-off").isFalse();
        assertThat(server.mayHandOut(T0.plusSeconds(1))).as("the probe").isTrue();
        assertThat(server.mayHandOut(T0.plusSeconds(1))).as("a second email while the probe is out").isFalse();

        server.refusedSession(T0.plusSeconds(1), "421 4.3.2");
        assertThat(server.mayHandOut(T0.plusSeconds(2))).as("the back-off doubled").isFalse();
        assertThat(server.mayHandOut(T0.plusSeconds(3))).isTrue();

        server.accepted();
        assertThat(server.snapshot().up()).isTrue();
        assertThat(server.mayHandOut(T0.plusSeconds(3))).isTrue();
        assertThat(server.mayHandOut(T0.plusSeconds(3))).isTrue();
    }

    @Test
    void policyRefusalsOfEveryAddressInTwoDomainsAreTheSetUpsAndAnAcceptanceClearsIt() {
        for (int i = 0; i < 4; i++) {
            server.refusedAddress("someone" + i + "@clinic.example", true);
        }
        server.refusedAddress("carer@family.example", true);
        assertThat(server.snapshot().refusingEveryAddress()).isTrue();
        assertThat(meters.get("adherence.notification.policy.refusals").gauge().value()).isEqualTo(1);

        server.accepted();
        assertThat(server.snapshot().refusingEveryAddress()).isFalse();
    }

    @Test
    void policyRefusalsOfOneDomainAreThatDomainsNotTheSetUps() {
        for (int i = 0; i < 10; i++) {
            server.refusedAddress("someone" + i + "@elsewhere.example", true);
        }
        assertThat(server.snapshot().refusingEveryAddress()).isFalse();
    }
}
