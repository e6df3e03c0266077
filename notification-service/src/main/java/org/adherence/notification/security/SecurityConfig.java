package org.adherence.notification.security;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.DispatcherType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * The delivery log needs a bearer JWT with scope {@code care-team:read} or {@code patients:write}; the
 * acknowledgement pages carry their own signed token and need none; actuator's health, info and prometheus need
 * none.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ALERT_PAGES = "/api/v1/alerts/*";
    static final String ACK_PAGES = "/api/v1/alerts/*/ack";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemResponses problems,
                                    ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        http
                // the acknowledgement form is protected by its signed token; the API is stateless
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, ACK_PAGES).permitAll()
                        .requestMatchers(HttpMethod.POST, ACK_PAGES).permitAll()
                        .requestMatchers(HttpMethod.GET, ALERT_PAGES)
                        .hasAnyAuthority("SCOPE_care-team:read", "SCOPE_patients:write")
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        if (jwtDecoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(jwt -> { })
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        }
        else {
            // alerts must still be mailed: without a way to verify tokens only the delivery log is closed
            log.warn("No way to verify tokens: the delivery log refuses every request. Set "
                    + "adherence.security.jwt.hmac-secret (local use) or "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri or .jwk-set-uri (production)");
        }
        return http.build();
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
