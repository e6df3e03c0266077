package org.adherence.support.production;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What the {@code production} profile refuses to start without, in every service (docs/security.md): Kafka over
 * {@code SASL_SSL} for every client the service makes, and secrets that come from the environment (or from files of a
 * mounted secret directory, {@code spring.config.import=configtree:/run/secrets/}), never from a file in the jar or
 * from the command line, which {@code ps} shows to anyone on the host.
 */
public final class ProductionSettings {

    /** The profile ({@code SPRING_PROFILES_ACTIVE=production}). */
    public static final String PROFILE = "production";

    /** Every setting of the platform that holds a secret. */
    static final List<String> SECRETS = List.of(
            "adherence.security.jwt.hmac-secret",
            "adherence.notification.ack-signing-key",
            "spring.mail.password",
            "spring.kafka.properties.sasl.jaas.config",
            "spring.kafka.ssl.key-password",
            "spring.kafka.ssl.key-store-password",
            "spring.kafka.ssl.trust-store-password");

    static final String KAFKA_PROTOCOL = "spring.kafka.security.protocol";

    /** Where else a Kafka client's {@code security.protocol} can be set, each of which would win for some client. */
    private static final List<String> OTHER_KAFKA_PROTOCOLS = List.of(
            "spring.kafka.admin.security.protocol",
            "spring.kafka.consumer.security.protocol",
            "spring.kafka.producer.security.protocol",
            "spring.kafka.streams.security.protocol");

    /** Maps of raw client settings, whose {@code security.protocol} entry wins for some client. */
    private static final List<String> KAFKA_CLIENT_MAPS = List.of(
            "spring.kafka.properties",
            "spring.kafka.admin.properties",
            "spring.kafka.consumer.properties",
            "spring.kafka.producer.properties",
            "spring.kafka.streams.properties",
            "spring.cloud.stream.kafka.binder.configuration",
            "spring.cloud.stream.kafka.streams.binder.configuration");

    private static final String SASL_SSL = "SASL_SSL";

    private ProductionSettings() {
    }

    /** What is wrong with the settings for production; empty when nothing is. */
    public static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(environment);
        String protocol = binder.bind(KAFKA_PROTOCOL, String.class).orElse(null);
        if (!SASL_SSL.equalsIgnoreCase(protocol)) {
            problems.add(KAFKA_PROTOCOL + " is " + (protocol == null ? "not set (PLAINTEXT)" : protocol)
                    + ": set it to SASL_SSL, with spring.kafka.properties.sasl.mechanism and .sasl.jaas.config");
        }
        for (String key : OTHER_KAFKA_PROTOCOLS) {
            binder.bind(key, String.class).ifBound(other -> {
                if (!SASL_SSL.equalsIgnoreCase(other)) {
                    problems.add(key + " is " + other + ": every Kafka client must use SASL_SSL");
                }
            });
        }
        for (String map : KAFKA_CLIENT_MAPS) {
            Map<String, String> settings = binder.bind(map, Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            String other = settings.get("security.protocol");
            if (other != null && !SASL_SSL.equalsIgnoreCase(other)) {
                problems.add(map + ".security.protocol is " + other + ": every Kafka client must use SASL_SSL");
            }
        }
        for (String secret : SECRETS) {
            String where = sourceOf(environment, secret);
            if (where != null) {
                problems.add(secret + " comes from " + where + ": a secret must come from the environment ("
                        + secret.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                        + ") or a mounted secret file");
            }
        }
        return problems;
    }

    /** Refuses the start when {@link #problems} finds anything, naming all of it at once. */
    public static void requireSafe(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The production profile refuses to start " + what + ": "
                    + String.join("; ", problems) + " (docs/security.md)");
        }
    }

    /** The name of the source a secret is taken from when that is neither the environment nor a secret file. */
    private static String sourceOf(Environment environment, String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                Object underlying = source.getUnderlyingSource();
                boolean safe = underlying instanceof SystemEnvironmentPropertySource
                        || underlying instanceof ConfigTreePropertySource;
                return safe ? null : underlying instanceof PropertySource<?> named ? named.getName()
                        : String.valueOf(underlying);
            }
        }
        return null;
    }
}
