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

/**
 * In the production profile a service checks tokens with the identity provider's JWK set over https, checks the
 * issuer and an audience of its own, and refuses to start otherwise; one test per refusal.
 */
class ProductionStartRefusalTest {

    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://id.example/jwks";

    private static final String ISSUER = "adherence.security.jwt.issuer=" + TestTokens.ISSUER;

    private static final String AUDIENCE = "adherence.security.jwt.audience=" + TestTokens.INTAKE_AUDIENCE;

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                    AdherenceSecurityAutoConfiguration.class))
            .withPropertyValues("spring.profiles.active=production");

    @Test
    void startsWithAJwkSetAnIssuerAndAnAudience() {
        service.withPropertyValues(JWK_SET, ISSUER, AUDIENCE)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
        service.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                        AUDIENCE)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void refusesTheDevKeyEvenAStrongOne() {
        assertRefused("adherence.security.jwt.hmac-secret is set: the HS256 key is for local use",
                "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET, ISSUER, AUDIENCE);
    }

    @Test
    void refusesToStartWithoutAnIdentityProvider() {
        assertRefused("no identity provider: set spring.security.oauth2.resourceserver.jwt.issuer-uri or "
                + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", ISSUER, AUDIENCE);
    }

    @Test
    void refusesKeysFetchedInClear() {
        assertRefused("spring.security.oauth2.resourceserver.jwt.jwk-set-uri is not https",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://id.example/jwks", ISSUER, AUDIENCE);
    }

    @Test
    void refusesToLeaveTheIssuerUnchecked() {
        assertRefused("no issuer is checked: set adherence.security.jwt.issuer", JWK_SET, AUDIENCE);
    }

    @Test
    void refusesToLeaveTheAudienceUnchecked() {
        assertRefused("adherence.security.jwt.audience is not set: give each service an audience of its own",
                JWK_SET, ISSUER);
    }

    private void assertRefused(String message, String... settings) {
        service.withPropertyValues(settings).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The production profile refuses to start with these token settings")
                .hasMessageContaining(message));
    }
}
