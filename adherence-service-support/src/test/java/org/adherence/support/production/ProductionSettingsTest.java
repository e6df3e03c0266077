package org.adherence.support.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The production profile starts with Kafka over SASL_SSL and its secrets in the environment, set as an operator sets
 * them (environment variables in Spring's relaxed form), and refuses every other way; other profiles are untouched.
 */
class ProductionSettingsTest {

    private static final Map<String, Object> SAFE = Map.of(
            "SPRING_PROFILES_ACTIVE", "production",
            "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule "
                    + "required username=\"notification-service\" password=\"from-the-vault\";",
            "SPRING_MAIL_PASSWORD", "smtp-password-from-the-vault",
            "ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", "ack-key-from-the-vault-0123456789abcdefghij");

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProductionSettingsAutoConfiguration.class));

    /** Environment variables as the process has them (Boot reads a source named *-systemEnvironment so). */
    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return service.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables)));
    }

    @Test
    void startsWithKafkaOverSaslSslAndSecretsFromTheEnvironment() {
        withEnvironment(SAFE).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(ProductionSettings.problems(context.getEnvironment())).isEmpty();
            // what every Kafka client of the service is given (KafkaProperties binds the same map)
            assertThat(Binder.get(context.getEnvironment()).bind("spring.kafka.properties",
                    Bindable.mapOf(String.class, String.class)).get())
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsKey("sasl.jaas.config");
        });
    }

    @Test
    void refusesKafkaInClear() {
        Map<String, Object> plaintext = new HashMap<>(SAFE);
        plaintext.remove("SPRING_KAFKA_SECURITY_PROTOCOL");

        withEnvironment(plaintext).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("The production profile refuses to start")
                .hasMessageContaining("spring.kafka.security.protocol is not set (PLAINTEXT): set it to SASL_SSL"));
    }

    @Test
    void refusesAKafkaClientLeftOnPlaintextBesideSaslSsl() {
        withEnvironment(SAFE).withPropertyValues(
                        "spring.cloud.stream.kafka.streams.binder.configuration.security.protocol=PLAINTEXT",
                        "spring.kafka.producer.security.protocol=SASL_PLAINTEXT")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.cloud.stream.kafka.streams.binder.configuration.security.protocol"
                                + " is PLAINTEXT")
                        .hasMessageContaining("spring.kafka.producer.security.protocol is SASL_PLAINTEXT"));
    }

    @Test
    void refusesASecretFromAConfigurationFileOrTheCommandLine() {
        Map<String, Object> elsewhere = new HashMap<>(SAFE);
        elsewhere.remove("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY");
        elsewhere.remove("SPRING_MAIL_PASSWORD");

        withEnvironment(elsewhere)
                .withPropertyValues("adherence.notification.ack-signing-key=ack-key-in-a-file-0123456789abcdefgh")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SimpleCommandLinePropertySource("--spring.mail.password=visible-to-ps")))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("adherence.notification.ack-signing-key comes from test: a secret must "
                                + "come from the environment (ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY)")
                        .hasMessageContaining("spring.mail.password comes from commandLineArgs")
                        .hasMessageNotContaining("ack-key-in-a-file").hasMessageNotContaining("visible-to-ps"));
    }

    @Test
    void leavesEveryOtherProfileAlone() {
        service.withPropertyValues("spring.profiles.active=local",
                        "adherence.notification.ack-signing-key=ack-key-in-a-file-0123456789abcdefgh")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
