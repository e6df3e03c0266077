package org.adherence.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.adherence.notification.NotificationServiceApplication;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.process.ServiceProcess;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole instance of the service in this JVM, on the test broker and a given SMTP server, on a port of its own (the
 * address other instances forward delivery-log requests to) with a state directory of its own; short timers, so that
 * groups and reminders show within a test.
 */
public final class ServiceInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;

    private final int port;

    private ServiceInstance(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** The settings every instance of a test gets; a test may add or replace some. */
    public static Map<String, Object> settings(int smtpPort) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", smtpPort);
        settings.put("adherence.security.jwt.hmac-secret", TestTokens.SECRET);
        settings.put("adherence.notification.ack-signing-key", TestProperties.ACK_SIGNING_KEY);
        settings.put("adherence.notification.critical-repeat", "PT3S");
        settings.put("adherence.notification.group-wait", "PT1S");
        settings.put("adherence.notification.group-interval", "PT3S");
        settings.put("adherence.notification.retry.initial-interval", "PT0.2S");
        settings.put("adherence.notification.retry.max-interval", "PT1S");
        settings.put("adherence.notification.timer-interval", "PT0.2S");
        settings.put("adherence.notification.sender.lease", "PT6S");
        settings.put("adherence.notification.sender.close-wait", "PT3S");
        // a stopped instance's partitions move within the test's time
        settings.put("spring.cloud.stream.kafka.streams.binder.configuration.session.timeout.ms", "6000");
        settings.put("spring.cloud.stream.kafka.streams.binder.configuration.heartbeat.interval.ms", "1500");
        return settings;
    }

    public static ServiceInstance start(int smtpPort) {
        return start(settings(smtpPort));
    }

    public static ServiceInstance start(Map<String, Object> settings) {
        int port = ServiceProcess.freePort();
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("server.port", port);
        all.putIfAbsent("adherence.notification.public-url", "http://localhost:" + port);
        try {
            all.putIfAbsent("adherence.notification.state-dir",
                    Files.createTempDirectory("notification-state-").toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // as arguments: default properties would lose to application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(all.entrySet().stream().map(s -> "--" + s.getKey() + "=" + s.getValue()).toArray(String[]::new));
        return new ServiceInstance(context, port);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postForm(String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        context.close();
    }
}
