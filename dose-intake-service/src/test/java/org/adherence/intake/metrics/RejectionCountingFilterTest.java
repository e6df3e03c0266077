package org.adherence.intake.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Which requests the filter counts, by their path below the context path: the API's, never actuator's (a readiness
 * probe's 503 is no event refused) nor any other path outside the API.
 */
class RejectionCountingFilterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RejectionCountingFilter filter = new RejectionCountingFilter(new IntakeMetrics(registry));

    @Test
    void countsARefusedDoseByItsPathBelowTheContextPath() throws Exception {
        answer("/intake", "/intake/api/v1/patients/p-1/doses", HttpServletResponse.SC_SERVICE_UNAVAILABLE);

        assertThat(rejections()).isEqualTo(Map.of("dose not_durable", 1.0));
    }

    @Test
    void countsARefusedRequestToAnotherApiPathAsOther() throws Exception {
        answer("", "/api/v1/nothing-here", HttpServletResponse.SC_UNAUTHORIZED);

        assertThat(rejections()).isEqualTo(Map.of("other unauthorized", 1.0));
    }

    @Test
    void countsNoReadiness503() throws Exception {
        answer("", "/actuator/health/readiness", HttpServletResponse.SC_SERVICE_UNAVAILABLE);

        assertThat(rejections()).isEmpty();
    }

    @Test
    void countsNoReadiness503BelowAContextPath() throws Exception {
        answer("/intake", "/intake/actuator/health/readiness", HttpServletResponse.SC_SERVICE_UNAVAILABLE);

        assertThat(rejections()).isEmpty();
    }

    @Test
    void readsThePathBelowTheContextPathNotTheWholeUri() throws Exception {
        // below a context path named like the API, actuator is still actuator
        answer("/api", "/api/actuator/health/readiness", HttpServletResponse.SC_SERVICE_UNAVAILABLE);

        assertThat(rejections()).isEmpty();
    }

    @Test
    void countsNoRefusalOfAnUnexposedActuatorPathOrOfAPathOutsideTheApi() throws Exception {
        answer("", "/actuator/env", HttpServletResponse.SC_UNAUTHORIZED);
        answer("", "/favicon.ico", HttpServletResponse.SC_UNAUTHORIZED);
        answer("", "/", HttpServletResponse.SC_UNAUTHORIZED);

        assertThat(rejections()).isEmpty();
    }

    private void answer(String contextPath, String uri, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setContextPath(contextPath);
        FilterChain chain = (req, res) -> ((HttpServletResponse) res).setStatus(status);
        filter.doFilter(request, new MockHttpServletResponse(), chain);
    }

    /** The rejected counts that are not 0, keyed {@code "<type> <reason>"}. */
    private Map<String, Double> rejections() {
        Map<String, Double> counts = new TreeMap<>();
        registry.find(IntakeMetrics.RECEIVED).tag("outcome", "rejected").counters().stream()
                .filter(counter -> counter.count() != 0)
                .forEach(counter -> counts.put(counter.getId().getTag("type") + " "
                        + counter.getId().getTag("reason"), counter.count()));
        return counts;
    }
}
