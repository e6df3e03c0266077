package org.adherence.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are checked ({@code adherence.security.jwt.*}), beyond their signature and expiry.
 *
 * @param hmacSecret local use: the HS256 key as text (its UTF-8 bytes, at least 32, not a published one). Production
 *                   leaves it unset and names the identity provider instead:
 *                   {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code .jwk-set-uri}
 * @param issuer     the {@code iss} every token must name; none: not checked
 * @param audience   an {@code aud} every token must list (this service's own name at the identity provider); none:
 *                   not checked. Give each service its own, so that a token meant for one is refused by the other
 */
@ConfigurationProperties("adherence.security.jwt")
public record JwtSettings(String hmacSecret, String issuer, String audience) {

    public JwtSettings {
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
