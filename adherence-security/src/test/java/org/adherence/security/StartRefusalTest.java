package org.adherence.security;

import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** A service refuses to start on a key anyone could know, or on two ways of checking tokens at once. */
class StartRefusalTest {

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                    AdherenceSecurityAutoConfiguration.class));

    @Test
    void startsWithAStrongKey() {
        service.withPropertyValues("adherence.security.jwt.hmac-secret=" + TestTokens.SECRET)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
    }

    @Test
    void refusesAKeyShorterThan32Bytes() {
        assertRefused("adherence.security.jwt.hmac-secret=" + "k0123456789abcdefghijklmnopqrst",
                "adherence.security.jwt.hmac-secret must be at least 32 bytes of UTF-8, got 31");
    }

    @Test
    void refusesAPublishedKey() {
        assertRefused("adherence.security.jwt.hmac-secret=dev-only-ack-link-key-not-for-production-use",
                "adherence.security.jwt.hmac-secret is a published key");
    }

    @Test
    void refusesAKeyThatWasTypedNotGenerated() {
        assertRefused("adherence.security.jwt.hmac-secret=" + "ab".repeat(20),
                "adherence.security.jwt.hmac-secret has fewer than 10 distinct characters");
    }

    @Test
    void refusesAnEmptyKey() {
        assertRefused("adherence.security.jwt.hmac-secret=", "adherence.security.jwt.hmac-secret is not set");
    }

    @Test
    void refusesTheDevKeyBesideAnIdentityProvider() {
        service.withPropertyValues("adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://id.example/jwks")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set one of them, not both"));
    }

    private void assertRefused(String setting, String message) {
        service.withPropertyValues(setting).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(message)
                .hasMessageContaining("openssl rand -base64 36"));
    }
}
