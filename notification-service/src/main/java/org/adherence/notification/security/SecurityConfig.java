package org.adherence.notification.security;

import org.adherence.security.ApiSecurity;
import org.adherence.security.KeyStrength;
import org.adherence.security.JwtSettings;
import org.adherence.security.Scopes;
import org.adherence.notification.NotificationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The delivery log and the list of alerts need a bearer JWT with scope {@code care-team:read} or
 * {@code patients:write} and a clinic (which patients' alerts it may read is the controller's business); the console's
 * acknowledgement, scope {@code alerts:acknowledge} and a clinic (and a clinician's role and address, which its
 * controller checks); the acknowledgement pages carry their own signed token
 * and need none; actuator's health, info and prometheus need none (adherence-security: the key, the validators, the
 * problem details). Without a way to verify tokens the service still starts: alerts must still be mailed; only the
 * delivery log is closed.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ALERT_PAGES = "/api/v1/alerts/*";

    static final String ACK_PAGES = "/api/v1/alerts/*/ack";

    static final String ALERT_LIST = "/api/v1/alerts";

    static final String ACKNOWLEDGEMENTS = "/api/v1/alerts/*/acknowledgement";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurity security, NotificationProperties notification,
                                    JwtSettings jwt) throws Exception {
        // one key per purpose: a leaked acknowledgement-link key must not also sign care-team tokens, nor the reverse
        if (notification.ackSigningKey().equals(jwt.hmacSecret())) {
            throw new IllegalStateException("adherence.notification.ack-signing-key must not be the same as "
                    + "adherence.security.jwt.hmac-secret; make another with 'openssl rand -base64 36'");
        }
        return security.build(http, ApiSecurity.WithoutDecoder.CLOSE_THE_API, rules -> rules
                .requestMatchers(HttpMethod.GET, ACK_PAGES).permitAll()
                .requestMatchers(HttpMethod.POST, ACK_PAGES).permitAll()
                .requestMatchers(HttpMethod.GET, ALERT_PAGES, ALERT_LIST).hasAnyAuthority(Scopes.CARE_TEAM_READ,
                        Scopes.PATIENTS_WRITE)
                // the console's acknowledgements: the controller checks the clinician's role and address
                .requestMatchers(HttpMethod.POST, ACKNOWLEDGEMENTS).hasAuthority(Scopes.ALERTS_ACKNOWLEDGE));
    }
}
