package org.adherence.console.platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.adherence.console.ConsoleProperties;
import org.adherence.contracts.json.ContractJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;

/**
 * How the console calls the platform's services: with the signed-in user's own access token, relayed as a bearer
 * token, so that each service decides from that token's {@code clinic}, {@code role} and scopes what the user may see
 * and do, exactly as it does for any other client. The console holds no data of its own; what a service does not
 * answer, the page says, and nothing is guessed.
 */
public final class PlatformCalls {

    /** The registration id of the clinic's identity provider ({@code spring.security.oauth2.client.registration}). */
    public static final String REGISTRATION = "clinic";

    private PlatformCalls() {
    }

    /** A client of one service at {@code baseUrl} that relays the user's token, with the console's timeouts. */
    public static RestClient relaying(RestClient.Builder builder, OAuth2AuthorizedClientManager clients,
                                      ConsoleProperties properties, URI baseUrl) {
        return relaying(builder, clients, properties, baseUrl, properties.timeout());
    }

    /** The same, waiting {@code readTimeout} for an answer (a call the service itself may hold a while). */
    public static RestClient relaying(RestClient.Builder builder, OAuth2AuthorizedClientManager clients,
                                      ConsoleProperties properties, URI baseUrl, Duration readTimeout) {
        OAuth2ClientHttpRequestInterceptor relay = new OAuth2ClientHttpRequestInterceptor(clients);
        relay.setClientRegistrationIdResolver(request -> REGISTRATION);
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.timeout());
        requests.setReadTimeout(readTimeout);
        return builder.clone().baseUrl(baseUrl.toString()).requestFactory(requests).requestInterceptor(relay).build();
    }

    /**
     * A service's answer as {@code type}: empty on {@code 404} (not one of the clinic's, or unknown: the same),
     * {@link NotAllowed} on {@code 403}, {@link ServiceUnavailable} on anything else that is not a success or on a
     * body the console cannot read.
     */
    public static <T> Optional<T> read(String service, HttpStatusCode status, InputStream body, Class<T> type)
            throws IOException {
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return Optional.empty();
        }
        if (status.value() == HttpStatus.FORBIDDEN.value()) {
            throw new NotAllowed(service);
        }
        if (!status.is2xxSuccessful()) {
            throw new ServiceUnavailable(service, service + " answered " + status.value());
        }
        try {
            return Optional.of(ContractJson.mapper().readValue(body, type));
        }
        catch (JacksonException unreadable) {
            // a service of another version: the page says so instead of failing with a stack trace
            throw new ServiceUnavailable(service, service + " answered what the console cannot read ("
                    + unreadable.getClass().getSimpleName() + ")");
        }
    }

    /** Runs a call; a service that cannot be reached is {@link ServiceUnavailable}. */
    public static <T> T call(String service, Call<T> call) {
        try {
            return call.run();
        }
        catch (ResourceAccessException unreachable) {
            throw new ServiceUnavailable(service, service + " cannot be reached: " + unreachable.getMessage());
        }
    }

    /** One call of a service. */
    @FunctionalInterface
    public interface Call<T> {
        T run();
    }

    /** A service refused the user (for instance, a role that may not acknowledge). */
    public static final class NotAllowed extends RuntimeException {
        NotAllowed(String service) {
            super(service + " refused this user");
        }
    }

    /** A service did not answer, or answered with an error: the page says so, nothing is guessed. */
    public static final class ServiceUnavailable extends RuntimeException {

        private final String service;

        public ServiceUnavailable(String service, String message) {
            super(message);
            this.service = service;
        }

        public String service() {
            return service;
        }
    }
}
