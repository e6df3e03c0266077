package org.adherence.console.alerts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.adherence.console.ConsoleProperties;
import org.adherence.console.platform.PlatformCalls;
import org.adherence.contracts.json.ContractJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * notification-service's alerts, read and acknowledged with the signed-in user's own access token (relayed as a
 * bearer token): notification-service decides, from that token's {@code clinic}, {@code role} and scopes, what the
 * user may see and do, exactly as it does for any other client. The console holds no data of its own.
 */
@Component
public class AlertsClient {

    static final String SERVICE = "notification-service";

    /** The most alerts a page lists (the most urgent); a full page says that a filter shows the rest. */
    public static final int PAGE_SIZE = 200;

    /**
     * How much longer than a page's timeout an acknowledgement may take: notification-service holds it until the
     * delivery log shows it (up to 10 s, 25 s when it forwards it to another instance) before it answers
     * {@code 202 pending}, and an answer cut off before that would call a stored acknowledgement a failure.
     */
    static final Duration ACKNOWLEDGEMENT_EXTRA = Duration.ofSeconds(30);

    private final RestClient notification;

    private final RestClient acknowledging;

    AlertsClient(RestClient.Builder builder, OAuth2AuthorizedClientManager clients, ConsoleProperties properties) {
        this.notification = PlatformCalls.relaying(builder, clients, properties, properties.notificationUrl());
        this.acknowledging = PlatformCalls.relaying(builder, clients, properties, properties.notificationUrl(),
                properties.timeout().plus(ACKNOWLEDGEMENT_EXTRA));
    }

    /** The clinic's open alerts (or all, acknowledged too), most urgent first, filtered. */
    public AlertPage alerts(InboxFilter filter, boolean includeAcknowledged) {
        return PlatformCalls.call(SERVICE, () -> notification.get().uri(uri -> {
                    UriBuilder built = uri.path("/api/v1/alerts")
                            .queryParam("status", includeAcknowledged ? "all" : "open")
                            .queryParam("limit", PAGE_SIZE);
                    filter.asQuery().forEach(built::queryParam);
                    return built.build();
                })
                .accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> PlatformCalls.read(SERVICE, response.getStatusCode(), response.getBody(), AlertPage.class)))
                .orElseThrow(() -> new PlatformCalls.ServiceUnavailable(SERVICE, SERVICE + " answered 404 to the list"));
    }

    /** One alert of the clinic, with its delivery log; empty when it is not one of the clinic's (or is unknown). */
    public Optional<AlertView> alert(String alertId) {
        return PlatformCalls.call(SERVICE, () -> notification.get().uri("/api/v1/alerts/{alertId}", alertId)
                .accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> PlatformCalls.read(SERVICE, response.getStatusCode(), response.getBody(), AlertView.class)));
    }

    /**
     * Acknowledges an alert as the signed-in clinician, with an optional reason. Answers the alert afterwards (its
     * acknowledgement names whoever was first), or empty when it is not one of the clinic's.
     */
    public Optional<AlertView> acknowledge(String alertId, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
        return PlatformCalls.call(SERVICE, () -> acknowledging.post().uri("/api/v1/alerts/{alertId}/acknowledgement", alertId)
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .body(ContractJson.mapper().writeValueAsBytes(body))
                .exchange((request, response) -> {
                    if (response.getStatusCode().value() == HttpStatus.ACCEPTED.value()) {
                        // taken, but not yet shown: the alert's page will show it a moment later
                        return alert(alertId);
                    }
                    return PlatformCalls.read(SERVICE, response.getStatusCode(), response.getBody(), AlertView.class);
                }));
    }
}
