package org.adherence.notification.support;

import java.util.HashMap;
import java.util.Map;

import org.adherence.testsupport.TestTokens;

/** What every test context of the service runs with: the test broker, a local SMTP server, short back-offs. */
public final class TestSettings {

    public static final String MAIL_PORT = "spring.mail.port";

    private TestSettings() {
    }

    public static Map<String, Object> common() {
        return Map.of(
                "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "adherence.security.jwt.hmac-secret", TestTokens.SECRET,
                "adherence.notification.digest-check-interval", "PT0.2S",
                "spring.mail.host", "127.0.0.1",
                "adherence.notification.retry.initial-interval", "PT0.1S",
                "adherence.notification.retry.max-interval", "PT0.5S");
    }

    public static Map<String, Object> withSmtpPort(int smtpPort) {
        Map<String, Object> settings = new HashMap<>(common());
        settings.put(MAIL_PORT, smtpPort);
        return settings;
    }
}
