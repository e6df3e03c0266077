package org.adherence.rules.security;

import org.adherence.security.ApiSecurity;
import org.adherence.security.Scopes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The care team's reads of the rules' state need a bearer JWT with scope {@code care-team:read} or
 * {@code patients:write} and a clinic (which patients it may read is the controller's business); actuator's health,
 * info and prometheus need none (adherence-security: the key, the validators, the problem details). Without a way to
 * verify tokens the service still starts: the rules must still be judged; only these reads are closed. Run without a
 * web server (a test of the stream alone), it has nothing to guard.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurity security) throws Exception {
        return security.build(http, ApiSecurity.WithoutDecoder.CLOSE_THE_API, rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/v1/patients/*/record", "/api/v1/quiet-patients")
                .hasAnyAuthority(Scopes.CARE_TEAM_READ, Scopes.PATIENTS_WRITE));
    }
}
