package org.adherence.security;

import jakarta.servlet.DispatcherType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The one security filter chain of a service's API: stateless, bearer JWTs checked by the {@link JwtDecoder} (the
 * HS256 dev key or the issuer's JWK set, with {@link TokenValidators}), a care team's token without a clinic refused,
 * refusals as problem details, and actuator's health, info and prometheus open without a token (every other path
 * needs one). A service adds only its own rules.
 */
public class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    /** Whether a service may start without a way to verify tokens. */
    public enum WithoutDecoder {
        /** Refuse to start: the service has nothing to do without its API (intake). */
        REFUSE_TO_START,
        /** Start, every authenticated request refused with 401 (notification: alerts must still be mailed). */
        CLOSE_THE_API
    }

    private final SecurityProblems problems;

    private final ObjectProvider<JwtDecoder> decoder;

    public ApiSecurity(SecurityProblems problems, ObjectProvider<JwtDecoder> decoder) {
        this.problems = problems;
        this.decoder = decoder;
    }

    public SecurityFilterChain build(HttpSecurity http, WithoutDecoder withoutDecoder,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // the original request was authorised; its async completion and error rendering need no more
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**",
                            "/actuator/info", "/actuator/prometheus").permitAll();
                    rules.customize(requests);
                    requests.anyRequest().authenticated();
                })
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        if (decoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(jwt -> { })
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
            http.addFilterAfter(new ClinicClaimFilter(problems), BearerTokenAuthenticationFilter.class);
        }
        else if (withoutDecoder == WithoutDecoder.REFUSE_TO_START) {
            throw new IllegalStateException(NO_DECODER);
        }
        else {
            log.warn(NO_DECODER + ": every request that needs a token is refused");
        }
        return http.build();
    }

    private static final String NO_DECODER = "No way to verify tokens: set adherence.security.jwt.hmac-secret (local "
            + "use; ./run-local.sh makes one) or spring.security.oauth2.resourceserver.jwt.issuer-uri or .jwk-set-uri "
            + "(production)";
}
