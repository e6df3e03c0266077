package org.adherence.devidp;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's local HS256 key ({@code adherence.security.jwt.hmac-secret}, env
 * {@code ADHERENCE_SECURITY_JWT_HMAC_SECRET}), the one the services check tokens with in local use: the access
 * tokens are signed with it, so that the console can relay them unchanged. Required, at least 32 bytes of UTF-8;
 * never logged, never published (the JWK set holds only the RSA public key).
 */
@ConfigurationProperties("adherence.security.jwt")
public record AccessTokenKeyProperties(String hmacSecret) {

    static final String NAME = "adherence.security.jwt.hmac-secret";

    static final int MIN_BYTES = 32;

    public AccessTokenKeyProperties {
        if (hmacSecret == null || hmacSecret.isBlank()) {
            throw new IllegalStateException(NAME + " is not set: set the platform's local HS256 key through the "
                    + "environment (ADHERENCE_SECURITY_JWT_HMAC_SECRET), at least " + MIN_BYTES + " bytes of UTF-8");
        }
        int bytes = hmacSecret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            throw new IllegalStateException(NAME + " must be at least " + MIN_BYTES + " bytes of UTF-8, got " + bytes
                    + " (ADHERENCE_SECURITY_JWT_HMAC_SECRET; 'openssl rand -base64 36' makes one)");
        }
    }

    byte[] keyBytes() {
        return hmacSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AccessTokenKeyProperties[hmacSecret=(hidden)]";
    }
}
