package org.adherence.notification.deliverylog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.streams.InteractiveQueryService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Where the delivery log of an alert is (Kafka Streams' interactive queries): in this instance's store, or in another
 * instance's, to which the whole request is forwarded (its token with it: that instance decides as this one would), or
 * nowhere just now (the partition is moving: the caller is asked to come back).
 */
@Component
public class DeliveryLogs {

    /** Marks a request forwarded once, so that it is never forwarded twice. */
    static final String FORWARDED = "X-Adherence-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogs.class);

    private static final List<String> FORWARDED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT,
            HttpHeaders.CONTENT_TYPE);

    private final InteractiveQueryService queries;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public DeliveryLogs(InteractiveQueryService queries) {
        this.queries = queries;
    }

    /** Where an alert's delivery log is. */
    public sealed interface Location {

        /** In this instance: the view, or none (the alert never reached this service, or its retention ended). */
        record Here(Optional<DeliveryLogView> view) implements Location {
        }

        record Elsewhere(HostInfo host) implements Location {
        }

        /** Not queryable now (starting, rebalancing): ask again in a few seconds. */
        record NotNow() implements Location {
        }
    }

    public Location locate(String alertId, HttpServletRequest request) {
        KeyQueryMetadata where;
        try {
            where = queries.getKeyQueryMetadata(DeliveryLogView.STORE, alertId, Serdes.String().serializer());
        }
        catch (RuntimeException notRunning) {
            return new Location.NotNow();
        }
        if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE || where.activeHost() == null) {
            return new Location.NotNow();
        }
        if (!where.activeHost().equals(queries.getCurrentHostInfo())) {
            return request.getHeader(FORWARDED) != null ? new Location.NotNow()
                    : new Location.Elsewhere(where.activeHost());
        }
        try {
            return new Location.Here(Optional.ofNullable(localStore(alertId, where.partition()).get(alertId)));
        }
        catch (InvalidStateStoreException moving) {
            return new Location.NotNow();
        }
    }

    /** The view in this instance's store, for polling after an acknowledgement; empty when it is not here. */
    public Optional<DeliveryLogView> localView(String alertId) {
        try {
            KeyQueryMetadata where = queries.getKeyQueryMetadata(DeliveryLogView.STORE, alertId,
                    Serdes.String().serializer());
            if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE) {
                return Optional.empty();
            }
            return Optional.ofNullable(localStore(alertId, where.partition()).get(alertId));
        }
        catch (RuntimeException moving) {
            return Optional.empty();
        }
    }

    private ReadOnlyKeyValueStore<String, DeliveryLogView> localStore(String alertId, int partition) {
        KafkaStreams streams = queries.getKafkaStreams(DeliveryLogView.STORE, alertId, Serdes.String().serializer());
        return streams.store(StoreQueryParameters.fromNameAndType(DeliveryLogView.STORE,
                QueryableStoreTypes.<String, DeliveryLogView>keyValueStore()).withPartition(partition));
    }

    /** The same request, answered by the instance that holds the alert's delivery log. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request, byte[] body) {
        String target = "http://" + host.host() + ":" + host.port() + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(10))
                .header(FORWARDED, "1")
                .method(request.getMethod(), body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.statusCode());
            for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER, HttpHeaders.CACHE_CONTROL)) {
                answer.headers().firstValue(name).ifPresent(value -> response.header(name, value));
            }
            return response.body(answer.body());
        }
        catch (IOException e) {
            log.warn("Forwarding {} {} to {}:{} failed: {}", request.getMethod(), request.getRequestURI(), host.host(),
                    host.port(), e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").build();
        }
    }
}
