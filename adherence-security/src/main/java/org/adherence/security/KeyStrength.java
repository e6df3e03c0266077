package org.adherence.security;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Refuses, at start, a symmetric key that anyone could know or guess: shorter than 32 bytes of UTF-8 (HS256 and
 * HMAC-SHA256 want at least the hash's length), one that has been published (in this repository's history or its
 * examples), or one of so few distinct characters that it was typed, not generated ({@code openssl rand -base64 36}
 * makes a good one).
 */
public final class KeyStrength {

    public static final int MIN_BYTES = 32;

    static final int MIN_DISTINCT_CHARACTERS = 10;

    /** Keys that have been public: the acknowledgement links' former default, and the examples people paste. */
    private static final Set<String> PUBLISHED = Set.of(
            "dev-only-ack-link-key-not-for-production-use",
            "change-me-change-me-change-me-change-me",
            "changeme-changeme-changeme-changeme",
            "your-256-bit-secret-your-256-bit-secret",
            "secret-secret-secret-secret-secret-secret");

    private KeyStrength() {
    }

    /** The key's bytes, or an {@link IllegalStateException} naming the setting and what is wrong with it. */
    public static byte[] requireStrong(String setting, String key) {
        String why = weakness(key);
        if (why != null) {
            throw new IllegalStateException(setting + " " + why + "; make one with 'openssl rand -base64 36' and set "
                    + "it through the environment");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Why a key is unsafe, or null when it is not. */
    public static String weakness(String key) {
        if (key == null || key.isBlank()) {
            return "is not set";
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            return "must be at least " + MIN_BYTES + " bytes of UTF-8, got " + bytes;
        }
        if (PUBLISHED.contains(key.strip())) {
            return "is a published key, known to anyone";
        }
        if (key.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return "has fewer than " + MIN_DISTINCT_CHARACTERS + " distinct characters: it was typed, not generated";
        }
        return null;
    }
}
