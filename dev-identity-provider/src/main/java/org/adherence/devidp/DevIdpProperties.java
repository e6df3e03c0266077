package org.adherence.devidp;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dev identity provider's settings ({@code adherence.dev-idp.*}), checked when bound: the provider refuses to
 * start without them. Neither secret is ever logged ({@link #toString()} hides them).
 *
 * @param issuer              the issuer ({@code iss}, discovery document); the console's issuer-uri
 * @param consoleUrl          the care console's base URL: its redirect URI is {@code <consoleUrl>/login/oauth2/code/clinic}
 * @param consoleClientSecret the {@code care-console} client's secret, at least 16 characters
 * @param userPassword        the one password of every dev user, at least 12 characters
 */
@ConfigurationProperties(DevIdpProperties.PREFIX)
public record DevIdpProperties(@DefaultValue("http://localhost:9000") String issuer,
                               @DefaultValue("http://localhost:8083") String consoleUrl,
                               String consoleClientSecret,
                               String userPassword) {

    static final String PREFIX = "adherence.dev-idp";

    static final int MIN_CLIENT_SECRET_LENGTH = 16;

    static final int MIN_USER_PASSWORD_LENGTH = 12;

    public DevIdpProperties {
        issuer = requireHttpUrl("issuer", issuer);
        consoleUrl = requireHttpUrl("console-url", consoleUrl);
        requireSecret("console-client-secret", "ADHERENCE_DEV_IDP_CONSOLE_CLIENT_SECRET", consoleClientSecret,
                MIN_CLIENT_SECRET_LENGTH);
        requireSecret("user-password", "ADHERENCE_DEV_IDP_USER_PASSWORD", userPassword, MIN_USER_PASSWORD_LENGTH);
    }

    /** Where the console receives the authorization code (its Spring Security registration id is {@code clinic}). */
    public String consoleRedirectUri() {
        return consoleUrl + "/login/oauth2/code/clinic";
    }

    /** Where the console's user lands after logging out here. */
    public String consolePostLogoutRedirectUri() {
        // the console's page that says the user is signed out (its other pages would sign them in again)
        return consoleUrl + "/signed-out";
    }

    @Override
    public String toString() {
        return "DevIdpProperties[issuer=" + issuer + ", consoleUrl=" + consoleUrl
                + ", consoleClientSecret=(hidden), userPassword=(hidden)]";
    }

    private static void requireSecret(String name, String environmentVariable, String value, int minLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(PREFIX + "." + name + " is not set: set it through the environment ("
                    + environmentVariable + "), at least " + minLength + " characters");
        }
        if (value.length() < minLength) {
            // the length only: never the value
            throw new IllegalStateException(PREFIX + "." + name + " must be at least " + minLength
                    + " characters, got " + value.length() + " (" + environmentVariable + ")");
        }
    }

    private static String requireHttpUrl(String name, String value) {
        String url = value == null ? "" : value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(PREFIX + "." + name + " is not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalStateException(PREFIX + "." + name + " must be an http(s) URL without query or "
                    + "fragment, got: " + value);
        }
        return url;
    }
}
