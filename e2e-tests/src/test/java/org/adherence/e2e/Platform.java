package org.adherence.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.adherence.testsupport.mail.TestMailServer;
import org.adherence.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform as it runs, started once for all end-to-end tests of a run: the three services (and the care
 * console, with the dev identity provider it signs users in with) as separate
 * processes on one real Kafka broker and a real SMTP server, driven only through the public contract. Tests share
 * it, so each works with patients of its own and reads only their alerts and emails.
 */
final class Platform implements AutoCloseable {

    /** How often rules-service checks the time-based rules here: short, so that a silent patient shows soon. */
    static final Duration SCAN_INTERVAL = Duration.ofSeconds(2);

    /** How often an unacknowledged CRITICAL alert is repeated to the physicians here. */
    static final Duration CRITICAL_REPEAT = Duration.ofSeconds(5);

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final GreenMail smtp;

    private final List<ServiceProcess> services = new ArrayList<>();

    /** The dev identity provider and the care console: not platform services (no topics, no metrics of theirs asked). */
    private final List<ServiceProcess> consoleSide = new ArrayList<>();

    private final ServiceProcess intake;

    private final ServiceProcess notification;

    private final ServiceProcess console;

    /** The password of every user of the dev identity provider here. */
    static final String USER_PASSWORD = "e2e-user-password-0123";

    private Platform() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        Path work = Path.of(System.getProperty("e2e.work-dir", "target/e2e"), UUID.randomUUID().toString());
        int notificationPort = ServiceProcess.freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", KafkaTestBroker.bootstrapServers());
        environment.put("SPRING_MAIL_HOST", "localhost");
        environment.put("SPRING_MAIL_PORT", String.valueOf(smtp.getSmtp().getPort()));
        environment.put("ADHERENCE_SECURITY_JWT_HMAC_SECRET", TestTokens.SECRET);
        environment.put("ADHERENCE_RULES_SCAN_INTERVAL", SCAN_INTERVAL.toString());
        // a batch settles within milliseconds here; the default minute would only slow the tests down
        environment.put("ADHERENCE_RULES_SETTLE_TIME", "PT5S");
        environment.put("ADHERENCE_RULES_STATE_DIR", work.resolve("rules-state").toAbsolutePath().toString());
        environment.put("ADHERENCE_NOTIFICATION_CRITICAL_REPEAT", CRITICAL_REPEAT.toString());
        environment.put("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", "e2e-ack-signing-key-0123456789abcdef-0123");
        // one patient's WARNINGs gathered for 2 s, not the default minute
        environment.put("ADHERENCE_NOTIFICATION_GROUP_WAIT", "PT2S");
        environment.put("ADHERENCE_NOTIFICATION_GROUP_INTERVAL", "PT5S");
        environment.put("ADHERENCE_NOTIFICATION_STATE_DIR",
                work.resolve("notification-state").toAbsolutePath().toString());
        environment.put("ADHERENCE_NOTIFICATION_PUBLIC_URL", "http://localhost:" + notificationPort);
        intake = ServiceProcess.start("dose-intake-service", work, environment);
        services.add(intake);
        ServiceProcess rules = ServiceProcess.start("rules-service", work, environment);
        services.add(rules);
        notification = ServiceProcess.start("notification-service", work, environment, notificationPort);
        services.add(notification);
        // the care console and the dev identity provider it signs users in with (the console reads the provider's
        // configuration when it starts, so the provider is ready first)
        int identityPort = ServiceProcess.freePort();
        int consolePort = ServiceProcess.freePort();
        Map<String, String> identity = new LinkedHashMap<>(environment);
        identity.put("ADHERENCE_DEV_IDP_ISSUER", "http://localhost:" + identityPort);
        identity.put("ADHERENCE_DEV_IDP_CONSOLE_URL", "http://localhost:" + consolePort);
        identity.put("ADHERENCE_DEV_IDP_CONSOLE_CLIENT_SECRET", "e2e-console-client-secret");
        identity.put("ADHERENCE_DEV_IDP_USER_PASSWORD", USER_PASSWORD);
        ServiceProcess identityProvider = ServiceProcess.start("dev-identity-provider", work, identity, identityPort);
        consoleSide.add(identityProvider);
        for (ServiceProcess service : services) {
            service.awaitHealthy(STARTUP);
        }
        identityProvider.awaitHealthy(STARTUP);
        Map<String, String> consoleEnvironment = new LinkedHashMap<>();
        consoleEnvironment.put("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_CLINIC_ISSUER_URI", "http://localhost:" + identityPort);
        consoleEnvironment.put("ADHERENCE_CONSOLE_CLIENT_SECRET", "e2e-console-client-secret");
        consoleEnvironment.put("ADHERENCE_CONSOLE_NOTIFICATION_URL", notification.baseUrl());
        consoleEnvironment.put("ADHERENCE_CONSOLE_RULES_URL", rules.baseUrl());
        console = ServiceProcess.start("care-console", work, consoleEnvironment, consolePort);
        consoleSide.add(console);
        console.awaitHealthy(STARTUP);
    }

    /** The care console, as a clinician's browser opens it. */
    String consoleUrl() {
        return "http://localhost:" + console.port();
    }

    /** The platform of this test run, started by the first test class that needs it, stopped after the last. */
    static final class Extension implements BeforeAllCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Platform.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(NAMESPACE).computeIfAbsent(Platform.class, type -> {
                try {
                    current = new Platform();
                    return current;
                }
                catch (Exception e) {
                    throw new IllegalStateException("The platform did not start", e);
                }
            }, Platform.class);
        }
    }

    private static volatile Platform current;

    static Platform get() {
        if (current == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(Platform.Extension.class)");
        }
        return current;
    }

    HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(intake.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    String notificationUrl() {
        return notification.baseUrl();
    }

    /** The patient's alerts on {@code adherence.alerts}, read committed, until {@code done} holds or time is up. */
    List<AlertRaised> alertsOf(String patientId, java.util.function.Predicate<List<AlertRaised>> done,
                               Duration timeout) {
        List<AlertRaised> alerts = new ArrayList<>();
        TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(), patientId, records -> {
            alerts.clear();
            records.forEach(r -> alerts.add(ContractJson.mapper().readValue(r.value(), AlertRaised.class)));
            return done.test(alerts);
        }, timeout);
        return alerts;
    }

    /** The emails about a patient (subject ending in "patient <id>"), waiting until there are at least {@code count}. */
    List<MimeMessage> mailsAbout(String patientId, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<MimeMessage> found = mailsAbout(patientId);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            found = mailsAbout(patientId);
        }
        return found;
    }

    private List<MimeMessage> mailsAbout(String patientId) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(mail -> subject(mail).contains(" - patient "
                + patientId)).toList();
    }

    static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String recipient(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The content of the first part of a type, searching nested multiparts; line ends as {@code \n}. */
    static String part(Part part, String type) throws Exception {
        return TestMailServer.part(part, type);
    }

    /** The three services, in the order they were started: intake, rules, notification. */
    List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        services.forEach(s -> all.append(s.logTail()).append("\n----\n"));
        consoleSide.forEach(s -> all.append(s.logTail()).append("\n----\n"));
        return all.toString();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : consoleSide) {
            service.close();
        }
        for (ServiceProcess service : services) {
            service.close();
        }
        smtp.stop();
    }
}
