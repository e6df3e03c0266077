package org.adherence.intake.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.metrics.RejectionReason;
import org.adherence.intake.problem.ProblemWriter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

/**
 * The in-flight budget: requests answered asynchronously hold their share until the container completes them; past
 * the budget a request is refused with a 503 problem detail and never reaches the application.
 */
class InFlightLimitTest {

    private static final int MAX_BODY = 2048;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Room for exactly four of the largest requests (each 32 KiB + 4 x 2 KiB = 40 KiB). */
    private final InFlightLimit limit = limit(DataSize.ofKilobytes(160));

    private InFlightLimit limit(DataSize budget) {
        IntakeProperties properties = new IntakeProperties(Duration.ofSeconds(22), Duration.ofSeconds(5),
                DataSize.ofBytes(MAX_BODY), 1000, Duration.ofDays(30), Duration.ofMinutes(5),
                "classpath*:rulepacks/*.json", budget);
        return new InFlightLimit(properties, new ProblemWriter(JsonMapper.builder().build()), registry);
    }

    @Test
    void requestsWaitingForTheBrokerHoldTheirShareUntilAnsweredAndTheOneBeyondIsRefusedUnread() throws Exception {
        List<MockHttpServletRequest> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            MockHttpServletRequest request = post(MAX_BODY);
            assertThat(pass(request, true)).as("request %d reached the application", i).isTrue();
            assertThat(request.isAsyncStarted()).isTrue();
            waiting.add(request);
        }
        assertThat(registry.get("adherence.intake.in.flight.budget.used").gauge().value()).isEqualTo(160 * 1024.0);

        MockHttpServletRequest refused = post(100);
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean reached = pass(refused, response, true);

        assertThat(reached).as("the refused request reached the application").isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"title\":\"Intake overloaded\"")
                .contains("\"instance\":\"/api/v1/patients/p-1/doses\"");
        assertThat(refused.getAttribute(RejectionReason.ATTRIBUTE)).isEqualTo(RejectionReason.OVERLOADED);

        // one answer (the broker's acknowledgement) gives its share back: the next request gets in
        waiting.get(0).getAsyncContext().complete();
        assertThat(pass(post(MAX_BODY), true)).isTrue();
        assertThat(pass(post(100), true)).as("the budget is full again").isFalse();
    }

    @Test
    void aRequestAnsweredAtOnceGivesItsShareBackAtOnce() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(pass(post(MAX_BODY), false)).isTrue();
        }
        assertThat(limit.usedKiB()).isZero();
    }

    @Test
    void aBodyOfUnknownLengthCountsAsTheLargestAllowed() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(pass(post(-1), true)).isTrue();
        }
        assertThat(pass(post(10), true)).isFalse();
    }

    @Test
    void theActuatorIsNotLimited() throws Exception {
        for (int i = 0; i < 4; i++) {
            pass(post(MAX_BODY), true);
        }
        MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health/readiness");
        health.setAsyncSupported(true);
        assertThat(pass(health, false)).isTrue();
    }

    @Test
    void aBudgetThatCannotHoldFourOfTheLargestRequestsIsRefusedAtStart() {
        assertThatIllegalArgumentException().isThrownBy(() -> limit(DataSize.ofKilobytes(159)))
                .withMessageContaining("adherence.intake.in-flight-budget");
    }

    private static MockHttpServletRequest post(int contentLength) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/patients/p-1/doses");
        request.setAsyncSupported(true);
        if (contentLength >= 0) {
            request.setContent(new byte[contentLength]);
        }
        else {
            request.addHeader("Transfer-Encoding", "chunked");
        }
        return request;
    }

    private boolean pass(MockHttpServletRequest request, boolean answerLater) throws Exception {
        return pass(request, new MockHttpServletResponse(), answerLater);
    }

    /** Whether the request reached the application, which answers it later (as the event endpoints do) or at once. */
    private boolean pass(MockHttpServletRequest request, MockHttpServletResponse response, boolean answerLater)
            throws Exception {
        boolean[] reached = {false};
        HttpServlet application = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                reached[0] = true;
                if (answerLater) {
                    req.startAsync();
                }
                else {
                    res.setStatus(202);
                }
            }
        };
        limit.doFilter(request, response, new MockFilterChain(application));
        return reached[0];
    }
}
