package org.adherence.notification.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.support.TestProperties;
import org.adherence.security.AdherenceSecurityAutoConfiguration;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;

/** One key per purpose: the acknowledgement links' key may not also be the key of care-team tokens. */
class SecurityConfigTest {

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                    AdherenceSecurityAutoConfiguration.class))
            .withUserConfiguration(NotificationSecurity.class);

    @Test
    void startsWithTwoKeys() {
        service.withPropertyValues("adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
                        "adherence.notification.ack-signing-key=" + TestProperties.ACK_SIGNING_KEY)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SecurityFilterChain.class));
    }

    @Test
    void refusesToStartWhenTheAckLinksKeyIsTheTokensKey() {
        service.withPropertyValues("adherence.security.jwt.hmac-secret=" + TestTokens.SECRET,
                        "adherence.notification.ack-signing-key=" + TestTokens.SECRET)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("adherence.notification.ack-signing-key must not be the same as "
                                + "adherence.security.jwt.hmac-secret"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    @Import(SecurityConfig.class)
    static class NotificationSecurity {
    }
}
