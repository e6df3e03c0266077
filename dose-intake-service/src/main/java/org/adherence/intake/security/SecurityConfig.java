package org.adherence.intake.security;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import jakarta.servlet.DispatcherType;

/**
 * Every API call needs a bearer JWT; actuator's health, info and prometheus need none. Which patient a token may
 * write for is decided per request by {@link PatientAccess}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationHandlers problems,
                                    ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        if (jwtDecoder.getIfAvailable() == null) {
            throw new IllegalStateException("No way to verify tokens: set adherence.security.jwt.hmac-secret "
                    + "(local use; ./run-local.sh prints one) or spring.security.oauth2.resourceserver.jwt.issuer-uri "
                    + "or .jwk-set-uri (production)");
        }
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // the original request was authorised; its async completion and error rendering need no more
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /** Local use: HS256 with a shared secret. Absent when production configures an issuer or JWK set instead. */
    @Bean
    @ConditionalOnProperty("adherence.security.jwt.hmac-secret")
    JwtDecoder hmacJwtDecoder(JwtProperties properties) {
        byte[] key = properties.hmacSecret().getBytes(StandardCharsets.UTF_8);
        if (key.length < JwtProperties.MIN_SECRET_BYTES) {
            throw new IllegalStateException("adherence.security.jwt.hmac-secret must be at least "
                    + JwtProperties.MIN_SECRET_BYTES + " bytes of UTF-8 for HS256, got " + key.length);
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }
}
