package org.adherence.security;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service of the platform in miniature: one chain from {@link ApiSecurity}, one rule of its own. */
@SpringBootApplication
class SecuredTestApplication {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiSecurity security) throws Exception {
        return security.build(http, ApiSecurity.WithoutDecoder.REFUSE_TO_START, rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/v1/care-team-only")
                .hasAnyAuthority(Scopes.PATIENTS_WRITE, Scopes.CARE_TEAM_READ));
    }

    @RestController
    static class WhoAmI {

        @GetMapping("/api/v1/whoami")
        Map<String, Object> whoami(Authentication authentication) {
            Caller caller = Caller.of(authentication);
            return Map.of("subject", caller.subject(), "clinic", caller.clinic().orElse("none"));
        }

        @GetMapping("/api/v1/care-team-only")
        Map<String, Object> careTeamOnly(Authentication authentication) {
            return Map.of("clinic", Caller.of(authentication).requireClinic());
        }
    }
}
