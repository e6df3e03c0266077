package org.adherence.security;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.firewall.HttpFirewall;

import tools.jackson.databind.json.JsonMapper;

/**
 * The security intake and notification share. Tokens are verified either with the HS256 dev key
 * ({@code adherence.security.jwt.hmac-secret}, this class's decoder) or, in production, with an identity provider's
 * JWK set ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code .jwk-set-uri}: Boot's decoder, to
 * which Boot adds the {@link TokenValidators} bean below); never both.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(JwtSettings.class)
public class AdherenceSecurityAutoConfiguration {

    static final String HMAC_SECRET = "adherence.security.jwt.hmac-secret";

    /** Added by Boot to the decoder it makes from an issuer or JWK set, and to the HS256 one below. */
    @Bean
    OAuth2TokenValidator<Jwt> adherenceTokenValidator(JwtSettings settings) {
        return TokenValidators.of(settings);
    }

    /** Local use: HS256 with a shared key, which must be strong. */
    @Bean
    @ConditionalOnProperty(HMAC_SECRET)
    JwtDecoder hmacJwtDecoder(JwtSettings settings, OAuth2TokenValidator<Jwt> adherenceTokenValidator,
                              Environment environment) {
        if (environment.containsProperty(ProductionTokenSettings.ISSUER_URI)
                || environment.containsProperty(ProductionTokenSettings.JWK_SET_URI)) {
            throw new IllegalStateException(HMAC_SECRET + " is for local use and " + ProductionTokenSettings.ISSUER_URI
                    + " or " + ProductionTokenSettings.JWK_SET_URI
                    + " for production: set one of them, not both");
        }
        byte[] key = KeyStrength.requireStrong(HMAC_SECRET, settings.hmacSecret());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(adherenceTokenValidator));
        return decoder;
    }

    /** In production, the identity provider's keys, an issuer and an audience, or no start. */
    @Configuration(proxyBeanMethods = false)
    @Profile(ProductionTokenSettings.PROFILE)
    static class Production {

        Production(JwtSettings settings, Environment environment) {
            ProductionTokenSettings.requireSafe(settings, environment);
        }
    }

    /** Spring Security's strict firewall, its header checks without a regular expression for plain ASCII. */
    @Bean
    HttpFirewall adherenceHttpFirewall() {
        return FastFirewall.create();
    }

    @Bean
    SecurityProblems adherenceSecurityProblems(JsonMapper json) {
        return new SecurityProblems(json);
    }

    @Bean
    ApiSecurity adherenceApiSecurity(SecurityProblems problems, ObjectProvider<JwtDecoder> decoder) {
        return new ApiSecurity(problems, decoder);
    }
}
