package org.adherence.intake;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Intake is ready once its view of which clinic owns which patient has read the profiles topic. */
final class Readiness {

    private Readiness() {
    }

    static void await(MockMvcTester mvc) {
        Awaitility.await("readiness UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> mvc.get().uri("/actuator/health/readiness").exchange().getResponse().getStatus() == 200);
    }
}
