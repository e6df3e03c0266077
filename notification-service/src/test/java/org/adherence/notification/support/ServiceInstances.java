package org.adherence.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.adherence.notification.NotificationServiceApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole instances of the service, started and stopped by a test, on the test broker and a given SMTP port. */
public final class ServiceInstances {

    private ServiceInstances() {
    }

    public static ConfigurableApplicationContext start(int smtpPort) {
        // as arguments: default properties would lose to application.yml
        Map<String, Object> settings = TestSettings.withSmtpPort(smtpPort);
        settings.put("server.port", 0);
        return new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(settings.entrySet().stream().map(s -> "--" + s.getKey() + "=" + s.getValue())
                        .toArray(String[]::new));
    }

    /** A port nothing listens on now, for an SMTP server that a test stops and starts again on it. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
