package org.adherence.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.mail.TestMailServer;
import org.adherence.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The platform on real processes, for faults to be done to: a Kafka cluster of its own (one node, or three), a real
 * SMTP server, intake, and one or more instances each of rules-service and notification-service, every service a
 * {@code java -jar} process configured through its environment only, as {@code ./run-local.sh} configures it.
 * <p>
 * Settings that differ from the services' defaults, and why:
 * <ul>
 *   <li>the consumer groups' session timeout is 6 s instead of 45 s, so that the partitions of an instance killed
 *   with {@code kill -9} move to the others (or back to it, restarted) within the test's time; a production
 *   deployment waits out the default, which the README names;</li>
 *   <li>on three brokers, every topic the services create has three replicas and {@code min.insync.replicas} 2.</li>
 * </ul>
 */
final class FaultStack implements AutoCloseable {

    static final Duration STARTUP = Duration.ofMinutes(3);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path work;

    private final KafkaCluster kafka;

    private final TestMailServer mail;

    private final ServiceProcess intake;

    private final List<ServiceProcess> rules = new CopyOnWriteArrayList<>();

    private final List<ServiceProcess> notifications = new CopyOnWriteArrayList<>();

    private final Map<String, String> environment;

    private final Settings settings;

    /**
     * Environment beyond the stack's own, as an operator would set it: for every service, for intake only, and for
     * notification-service only (an audience, say, is each service's own).
     */
    record Settings(Map<String, String> all, Map<String, String> intake, Map<String, String> notification) {

        static final Settings NONE = new Settings(Map.of(), Map.of(), Map.of());
    }

    private FaultStack(String name, int brokers, Settings settings) throws Exception {
        this.settings = settings;
        work = Path.of(System.getProperty("fault.work-dir", "target/fault"), name + "-" + UUID.randomUUID()
                .toString().substring(0, 8)).toAbsolutePath();
        kafka = KafkaCluster.start(work, brokers);
        mail = TestMailServer.start();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPRING_MAIL_HOST", "localhost");
        env.put("SPRING_MAIL_PORT", String.valueOf(mail.port()));
        env.put("ADHERENCE_SECURITY_JWT_HMAC_SECRET", TestTokens.SECRET);
        env.put("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", "fault-test-ack-signing-key-0123456789abcdef");
        env.put("ADHERENCE_KAFKA_REPLICATION_FACTOR", String.valueOf(brokers));
        env.put("ADHERENCE_KAFKA_MIN_INSYNC_REPLICAS", String.valueOf(Math.min(2, brokers)));
        // a killed instance's partitions move on after 6 s, not 45 s (see the class comment)
        env.put("SPRING_CLOUD_STREAM_KAFKA_STREAMS_BINDER_CONFIGURATION_SESSION_TIMEOUT_MS", "6000");
        env.put("SPRING_CLOUD_STREAM_KAFKA_STREAMS_BINDER_CONFIGURATION_HEARTBEAT_INTERVAL_MS", "1500");
        env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "6000");
        env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500");
        env.putAll(settings.all());
        environment = Map.copyOf(env);
        intake = ServiceProcess.start("dose-intake-service", "dose-intake-service", work,
                with(environment, settings.intake()), ServiceProcess.freePort());
    }

    /**
     * Starts a cluster of {@code brokers} nodes, the mail server and the services, and waits until every service is
     * healthy.
     */
    static FaultStack start(String name, int brokers, int rulesInstances, int notificationInstances)
            throws Exception {
        return start(name, brokers, rulesInstances, notificationInstances, Settings.NONE);
    }

    /** As {@link #start(String, int, int, int)}, the services configured with these settings besides. */
    static FaultStack start(String name, int brokers, int rulesInstances, int notificationInstances,
                            Settings settings) throws Exception {
        FaultStack stack = new FaultStack(name, brokers, settings);
        try {
            for (int i = 0; i < rulesInstances; i++) {
                stack.startRules();
            }
            for (int i = 0; i < notificationInstances; i++) {
                stack.startNotification();
            }
            stack.awaitHealthy();
            return stack;
        }
        catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /**
     * The stack of this name, started with these settings by the first test class of the run that asks for it, and
     * kept in JUnit's root store, which closes it after the run's last test.
     */
    static FaultStack oncePerRun(ExtensionContext context, String name, Settings settings) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(FaultStack.class, name))
                .computeIfAbsent(FaultStack.class, type -> {
                    try {
                        return start(name, 1, 1, 1, settings);
                    }
                    catch (Exception e) {
                        throw new IllegalStateException("The " + name + " stack did not start", e);
                    }
                }, FaultStack.class);
    }

    /** One more instance of rules-service, with a state directory of its own; not waited for. */
    ServiceProcess startRules() {
        String name = "rules-service-" + (rules.size() + 1);
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("ADHERENCE_RULES_STATE_DIR", work.resolve(name + "-state").toString());
        ServiceProcess instance = ServiceProcess.start("rules-service", name, work, env, ServiceProcess.freePort());
        rules.add(instance);
        return instance;
    }

    /** One more instance of notification-service, with a state directory of its own; not waited for. */
    ServiceProcess startNotification() {
        String name = "notification-service-" + (notifications.size() + 1);
        int port = ServiceProcess.freePort();
        Map<String, String> env = with(environment, settings.notification());
        env.put("ADHERENCE_NOTIFICATION_PUBLIC_URL", "http://localhost:" + port);
        env.put("ADHERENCE_NOTIFICATION_STATE_DIR", work.resolve(name + "-state").toString());
        ServiceProcess instance = ServiceProcess.start("notification-service", name, work, env, port);
        notifications.add(instance);
        return instance;
    }

    /**
     * One more process of a service in the stack's directory, as the stack configures that service but for
     * {@code changes} (a null value removes a variable); not waited for, not one of {@link #services()}: for a start
     * that must fail. Close it.
     */
    ServiceProcess startOther(String service, String instance, Map<String, String> changes) {
        Map<String, String> env = with(environment, switch (service) {
            case "dose-intake-service" -> settings.intake();
            case "notification-service" -> settings.notification();
            default -> Map.of();
        });
        env.put("ADHERENCE_NOTIFICATION_STATE_DIR", work.resolve(instance + "-state").toString());
        env.put("ADHERENCE_RULES_STATE_DIR", work.resolve(instance + "-state").toString());
        changes.forEach((key, value) -> {
            if (value == null) {
                env.remove(key);
            }
            else {
                env.put(key, value);
            }
        });
        return ServiceProcess.start(service, instance, work, env, ServiceProcess.freePort());
    }

    private static Map<String, String> with(Map<String, String> environment, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(more);
        return env;
    }

    void awaitHealthy() throws InterruptedException {
        for (ServiceProcess service : services()) {
            if (service.isAlive()) {
                service.awaitHealthy(STARTUP);
            }
        }
    }

    KafkaCluster kafka() {
        return kafka;
    }

    TestMailServer mail() {
        return mail;
    }

    ServiceProcess intake() {
        return intake;
    }

    List<ServiceProcess> rules() {
        return List.copyOf(rules);
    }

    List<ServiceProcess> notifications() {
        return List.copyOf(notifications);
    }

    List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(intake);
        all.addAll(rules);
        all.addAll(notifications);
        return all;
    }

    Path work() {
        return work;
    }

    HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(intake.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of every service's log, for a failing assertion's message. */
    String logs() {
        StringBuilder all = new StringBuilder();
        services().forEach(s -> all.append("---- ").append(s.name()).append('\n').append(s.logTail()).append('\n'));
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : services()) {
            service.close();
        }
        mail.close();
        kafka.close();
    }
}
