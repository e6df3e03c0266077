package org.adherence.notification.support;

import java.net.URI;
import java.time.Duration;

import org.adherence.notification.NotificationProperties;

/** The service's settings as tests set them: the contract's defaults, a test signing key. */
public final class TestProperties {

    public static final String ACK_SIGNING_KEY = "test-ack-signing-key-0123456789abcdef-xyz";

    private TestProperties() {
    }

    public static NotificationProperties notification() {
        return new NotificationProperties("alerts@adherence.local", Duration.ofMinutes(15), Duration.ofMinutes(1),
                Duration.ofMinutes(15), URI.create("http://localhost:8082"),
                new NotificationProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)), false,
                ACK_SIGNING_KEY, Duration.ofDays(7), Duration.ofDays(45),
                new NotificationProperties.Sender(4, 1, 200, 100, Duration.ofSeconds(15), Duration.ofSeconds(10)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
}
