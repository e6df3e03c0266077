package org.adherence.intake.security;

import org.adherence.security.ApiSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call needs a bearer JWT (adherence-security: the key, the validators, the clinic of a care team, the
 * problem details); actuator's health, info and prometheus need none. Which patient a token may write for is decided
 * per request by {@link PatientAccess}. Without a way to verify tokens intake refuses to start.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiSecurity security) throws Exception {
        return security.build(http, ApiSecurity.WithoutDecoder.REFUSE_TO_START, rules -> { });
    }

    /**
     * No observations of Spring Security's own steps (the filter chain before and after, authentication,
     * authorization): each was a timer, a span and its key values on every request, about a fifth of intake's CPU
     * per event in a JFR profile (docs/performance.md). The request's own observation (its trace, its
     * {@code http.server.requests} timer with the status) stays, and refusals are counted by
     * {@code adherence_requests_rejected_total}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
