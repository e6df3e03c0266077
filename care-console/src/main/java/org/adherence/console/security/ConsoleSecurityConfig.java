package org.adherence.console.security;

import java.net.URI;

import org.adherence.console.platform.PlatformCalls;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Sign-in with the clinic's OpenID Connect provider; every page but health and the style sheet needs a signed-in user
 * whose token names a clinic. Forms carry CSRF tokens (the session's); pages are sent with a Content-Security-Policy
 * that allows this origin's style sheet and script only, no inline code, no framing, and no referrer (an alert id in a
 * link goes nowhere else).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfig {

    @Bean
    SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logout.setPostLogoutRedirectUri("{baseUrl}/signed-out");
        // a provider that does not name an end-session endpoint: the console's own session ends, and the page says so
        logout.setDefaultTargetUrl("/signed-out");
        // the provider's pages, as the browser reaches them, are the only other place a form of ours may lead to
        // (signing in and out redirects there)
        URI authorization = URI.create(registrations.findByRegistrationId(PlatformCalls.REGISTRATION)
                .getProviderDetails().getAuthorizationUri());
        String issuerOrigin = authorization.getScheme() + "://" + authorization.getRawAuthority();
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/console.css", "/console.js", "/signed-out", "/error").permitAll()
                        .anyRequest().access(ofAClinic()))
                .oauth2Login(login -> { })
                .logout(out -> out.logoutSuccessHandler(logout))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                                + "frame-ancestors 'none'; form-action 'self' " + issuerOrigin))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frames -> frames.deny()));
        return http.build();
    }

    /** Signed in, with a token that names a clinic: a user of no clinic sees nobody's patients. */
    private static AuthorizationManager<RequestAuthorizationContext> ofAClinic() {
        return (authentication, context) -> {
            var current = authentication.get();
            boolean allowed = current != null && current.isAuthenticated()
                    && current.getPrincipal() instanceof OidcUser user && ClinicUser.of(user).hasClinic();
            return new AuthorizationDecision(allowed);
        };
    }
}
