package org.adherence.fault;

import java.util.Map;

import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The single-broker stack the security tests of one run share (the bad-request corpus, the OWASP matrix, the logs
 * without health data), configured as production would check tokens: each token must name {@link TestTokens#ISSUER}
 * and list the audience of the service it is sent to ({@code dose-intake-service} at intake,
 * {@code notification-service} at notification), so that a token meant for one service is refused by the other. The
 * rate limits are the defaults of CONTRACT.md. Each test works with clinics and patients of its own and leaves every
 * event it causes settled (its alerts raised and mailed). Started by the first test class that needs it, stopped after
 * the last.
 */
final class SecurityStack implements BeforeAllCallback {

    static final FaultStack.Settings SETTINGS = new FaultStack.Settings(
            Map.of("ADHERENCE_SECURITY_JWT_ISSUER", TestTokens.ISSUER),
            Map.of("ADHERENCE_SECURITY_JWT_AUDIENCE", TestTokens.INTAKE_AUDIENCE),
            Map.of("ADHERENCE_SECURITY_JWT_AUDIENCE", TestTokens.NOTIFICATION_AUDIENCE));

    private static volatile FaultStack current;

    @Override
    public void beforeAll(ExtensionContext context) {
        current = FaultStack.oncePerRun(context, "security", SETTINGS);
    }

    static FaultStack get() {
        if (current == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SecurityStack.class)");
        }
        return current;
    }
}
