package org.adherence.intake.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A 503 is counted as not durable unless whoever refused it named another reason. */
class RejectionCountingFilterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RejectionCountingFilter filter = new RejectionCountingFilter(new IntakeMetrics(registry));

    @Test
    void aRefusalNamedOverloadedIsCountedSoAndAnotherServiceUnavailableAsNotDurable() throws Exception {
        answer503(RejectionReason.OVERLOADED);
        answer503(null);
        answer503(null);

        assertThat(rejected("overloaded")).isEqualTo(1);
        assertThat(rejected("not_durable")).isEqualTo(2);
    }

    private void answer503(RejectionReason named) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/patients/p-1/doses");
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            if (named != null) {
                req.setAttribute(RejectionReason.ATTRIBUTE, named);
            }
            ((MockHttpServletResponse) res).setStatus(503);
        });
    }

    private double rejected(String reason) {
        return registry.get("adherence.events.received").tag("outcome", "rejected").tag("type", "dose")
                .tag("reason", reason).counter().count();
    }
}
