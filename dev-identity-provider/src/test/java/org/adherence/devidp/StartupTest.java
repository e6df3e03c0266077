package org.adherence.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** What the provider refuses to start with, and the one line it logs when it starts (no secret in either). */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    static final String CLIENT_SECRET = "startup-console-secret-Hq3";

    static final String PASSWORD = "startup-password-Vb81";

    static final String HMAC_SECRET = "startup-hmac-key-r5Tz2Lw9Qp4Nc7Xy1Md6Ks0";

    @Test
    void logsTheIssuerAndTheUsersNeverASecret(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(List.of(
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.dev-idp.user-password=" + PASSWORD,
                "adherence.security.jwt.hmac-secret=" + HMAC_SECRET))) {
            assertThat(context.isRunning()).isTrue();
        }
        assertThat(output).contains("DEV ONLY identity provider: issuer http://localhost:9000")
                .contains("users physician, nurse, caregiver, other-physician")
                .doesNotContain(PASSWORD).doesNotContain(CLIENT_SECRET).doesNotContain(HMAC_SECRET);
    }

    @Test
    void refusesToStartWithoutTheUserPassword(CapturedOutput output) {
        assertThatThrownBy(() -> start(List.of(
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.security.jwt.hmac-secret=" + HMAC_SECRET)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("adherence.dev-idp.user-password is not set"));
        assertThat(output).doesNotContain(CLIENT_SECRET).doesNotContain(HMAC_SECRET);
    }

    @Test
    void refusesAShortUserPasswordWithoutLoggingIt(CapturedOutput output) {
        String shortPassword = "Sh0rt-pw-7";
        assertThatThrownBy(() -> start(List.of(
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.dev-idp.user-password=" + shortPassword,
                "adherence.security.jwt.hmac-secret=" + HMAC_SECRET)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("adherence.dev-idp.user-password must be at least 12 characters, got 10"));
        assertThat(output).doesNotContain(shortPassword).doesNotContain(CLIENT_SECRET).doesNotContain(HMAC_SECRET);
    }

    @Test
    void refusesAShortClientSecretWithoutLoggingIt(CapturedOutput output) {
        String shortSecret = "only-15-chars-x";
        assertThatThrownBy(() -> start(List.of(
                "adherence.dev-idp.console-client-secret=" + shortSecret,
                "adherence.dev-idp.user-password=" + PASSWORD,
                "adherence.security.jwt.hmac-secret=" + HMAC_SECRET)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("adherence.dev-idp.console-client-secret must be at least 16 characters, got 15"));
        assertThat(output).doesNotContain(shortSecret).doesNotContain(PASSWORD);
    }

    @Test
    void refusesToStartWithoutAStrongEnoughHmacSecret(CapturedOutput output) {
        assertThatThrownBy(() -> start(List.of(
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.dev-idp.user-password=" + PASSWORD)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("adherence.security.jwt.hmac-secret is not set"));
        String shortKey = "31-bytes-is-one-too-few-for-it!";
        assertThatThrownBy(() -> start(List.of(
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.dev-idp.user-password=" + PASSWORD,
                "adherence.security.jwt.hmac-secret=" + shortKey)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("adherence.security.jwt.hmac-secret must be at least 32 bytes of UTF-8, got 31"));
        assertThat(output).doesNotContain(shortKey).doesNotContain(PASSWORD).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void refusesToStartWithTheProductionProfile() {
        assertThatThrownBy(() -> start(List.of(
                "spring.profiles.active=production",
                "adherence.dev-idp.console-client-secret=" + CLIENT_SECRET,
                "adherence.dev-idp.user-password=" + PASSWORD,
                "adherence.security.jwt.hmac-secret=" + HMAC_SECRET)))
                .satisfies(failure -> assertThat(messages(failure))
                        .contains("refuses to start with the 'production' profile"));
    }

    /** Starts the application with the properties as command-line arguments (above application.yml), any port. */
    private static ConfigurableApplicationContext start(List<String> properties) {
        List<String> arguments = new ArrayList<>();
        properties.forEach(property -> arguments.add("--" + property));
        arguments.add("--server.port=0");
        return new SpringApplicationBuilder(DevIdentityProviderApplication.class).run(arguments.toArray(String[]::new));
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
