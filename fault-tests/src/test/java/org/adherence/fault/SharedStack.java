package org.adherence.fault;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The single-broker stack the fault tests of one run share: one Kafka node, the mail server, intake, one instance
 * each of rules-service and notification-service. Each test does its fault to it, works with patients of its own,
 * and leaves it whole again (a killed process restarted, a refusing mail server accepting), so that the next test
 * starts on a healthy platform. Started by the first test class that needs it, stopped after the last.
 */
final class SharedStack implements BeforeAllCallback {

    private static volatile FaultStack current;

    @Override
    public void beforeAll(ExtensionContext context) {
        current = FaultStack.oncePerRun(context, "single-broker", FaultStack.Settings.NONE);
    }

    static FaultStack get() {
        if (current == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedStack.class)");
        }
        return current;
    }
}
