package org.adherence.intake.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The local-use token key. Production leaves it unset and configures
 * {@code spring.security.oauth2.resourceserver.jwt.*} (issuer or JWK set) instead.
 *
 * @param hmacSecret the HS256 key as text; its UTF-8 bytes are the key, at least 32 of them
 */
@ConfigurationProperties("adherence.security.jwt")
public record JwtProperties(String hmacSecret) {

    static final int MIN_SECRET_BYTES = 32;
}
