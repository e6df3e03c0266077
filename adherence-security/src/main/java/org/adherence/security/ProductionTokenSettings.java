package org.adherence.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * How the {@code production} profile wants tokens checked (docs/security.md), refused at start otherwise: with the
 * identity provider's JWK set over https, never the HS256 dev key; the {@code iss} checked; and an {@code aud} of this
 * service's own, so that a token meant for one service is refused by the other.
 */
final class ProductionTokenSettings {

    static final String PROFILE = "production";

    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    private ProductionTokenSettings() {
    }

    static List<String> problems(JwtSettings settings, Environment environment) {
        List<String> problems = new ArrayList<>();
        if (settings.hmacSecret() != null) {
            problems.add(AdherenceSecurityAutoConfiguration.HMAC_SECRET + " is set: the HS256 key is for local use; "
                    + "production checks tokens with the identity provider's keys (" + ISSUER_URI + " or "
                    + JWK_SET_URI + ")");
        }
        String issuerUri = environment.getProperty(ISSUER_URI);
        String jwkSetUri = environment.getProperty(JWK_SET_URI);
        if (issuerUri == null && jwkSetUri == null) {
            problems.add("no identity provider: set " + ISSUER_URI + " or " + JWK_SET_URI);
        }
        for (String key : List.of(ISSUER_URI, JWK_SET_URI)) {
            String uri = environment.getProperty(key);
            if (uri != null && !"https".equalsIgnoreCase(URI.create(uri.strip()).getScheme())) {
                problems.add(key + " is not https: keys fetched in clear could be swapped on the way");
            }
        }
        if (issuerUri == null && settings.issuer() == null) {
            problems.add("no issuer is checked: set adherence.security.jwt.issuer (or " + ISSUER_URI + ")");
        }
        if (settings.audience() == null) {
            problems.add("adherence.security.jwt.audience is not set: give each service an audience of its own, so "
                    + "that a token for one is refused by the other");
        }
        return problems;
    }

    static void requireSafe(JwtSettings settings, Environment environment) {
        List<String> problems = problems(settings, environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The production profile refuses to start with these token settings: "
                    + String.join("; ", problems) + " (docs/security.md)");
        }
    }
}
