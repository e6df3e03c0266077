package org.adherence.notification.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The local-use token key, the same as intake's, so that the care-team tokens of {@code ./run-local.sh} work here.
 * Production leaves it unset and configures {@code spring.security.oauth2.resourceserver.jwt.*} instead.
 *
 * @param hmacSecret the HS256 key as text; its UTF-8 bytes are the key, at least 32 of them
 */
@ConfigurationProperties("adherence.security.jwt")
public record JwtProperties(String hmacSecret) {

    static final int MIN_SECRET_BYTES = 32;
}
