package org.adherence.notification.deliverylog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.support.streams.InstanceForwarding;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 * nowhere just now (the partition is moving: the caller is asked to come back). For the lists of alerts: which
 * instance holds each partition of the store ({@link #owners()}), this instance's partitions read whole
 * ({@link #scanLocal}), and the same request asked of another instance ({@link #ask}).
 */
@Component
public class DeliveryLogs {

    /** Marks a request forwarded once, so that it is never forwarded twice. */
    public static final String FORWARDED = "X-Adherence-Forwarded";

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
        if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE
                || !InstanceForwarding.isKnown(where.activeHost())) {
            return new Location.NotNow();
        }
        if (!where.activeHost().equals(queries.getCurrentHostInfo())) {
            return isForwarded(request) ? new Location.NotNow() : new Location.Elsewhere(where.activeHost());
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
        return localStore(queries.getKafkaStreams(DeliveryLogView.STORE, alertId, Serdes.String().serializer()),
                partition);
    }

    private static ReadOnlyKeyValueStore<String, DeliveryLogView> localStore(KafkaStreams streams, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(DeliveryLogView.STORE,
                QueryableStoreTypes.<String, DeliveryLogView>keyValueStore()).withPartition(partition));
    }

    /** Whether the request was forwarded by another instance (which answers then for its own part only). */
    public static boolean isForwarded(HttpServletRequest request) {
        return request.getHeader(FORWARDED) != null;
    }

    /**
     * Which instance holds each partition of the delivery logs just now (active, queryable or restoring).
     *
     * @param partitions how many partitions the store has
     * @param active     the instance of each partition that has one; a partition being moved has none
     * @param self       this instance
     */
    public record Owners(int partitions, Map<Integer, HostInfo> active, HostInfo self) {

        public Owners {
            active = Map.copyOf(active);
        }

        /** The partitions this instance holds, in order. */
        public Set<Integer> local() {
            Set<Integer> local = new TreeSet<>();
            active.forEach((partition, host) -> {
                if (host.equals(self)) {
                    local.add(partition);
                }
            });
            return local;
        }

        /** The other instances that hold a partition. */
        public Set<HostInfo> others() {
            Set<HostInfo> others = new LinkedHashSet<>();
            new TreeSet<>(active.keySet()).forEach(partition -> {
                if (!active.get(partition).equals(self)) {
                    others.add(active.get(partition));
                }
            });
            return others;
        }
    }

    /**
     * Who holds each partition of the delivery logs, from Kafka Streams' metadata of every instance; empty when this
     * instance cannot tell (starting, or its Kafka Streams client is not running).
     */
    public Optional<Owners> owners() {
        try {
            KafkaStreams streams = queries.getKafkaStreams(DeliveryLogView.STORE, "", Serdes.String().serializer());
            if (streams == null) {
                return Optional.empty();
            }
            return InstanceForwarding.owners(streams, DeliveryLogView.STORE)
                    .map(owners -> new Owners(owners.partitions(), owners.active(), queries.getCurrentHostInfo()));
        }
        catch (RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /**
     * Every view of one partition of this instance's store, in key order.
     *
     * @return false when the partition cannot be read here now (it moved, or is being restored); then
     * {@code each} may have seen part of it
     */
    public boolean scanLocal(int partition, Consumer<DeliveryLogView> each) {
        try {
            KafkaStreams streams = queries.getKafkaStreams(DeliveryLogView.STORE, "", Serdes.String().serializer());
            if (streams == null) {
                return false;
            }
            try (KeyValueIterator<String, DeliveryLogView> views = localStore(streams, partition).all()) {
                while (views.hasNext()) {
                    KeyValue<String, DeliveryLogView> view = views.next();
                    if (view.value != null) {
                        each.accept(view.value);
                    }
                }
            }
            return true;
        }
        catch (InvalidStateStoreException moving) {
            return false;
        }
    }

    /**
     * The same request (its method, path, query, token), without a body, asked of another instance, marked as
     * forwarded so that it answers for itself alone; completes exceptionally when that instance cannot be reached
     * within the timeout.
     */
    public CompletableFuture<HttpResponse<byte[]>> ask(HostInfo host, HttpServletRequest request, Duration timeout) {
        return http.sendAsync(forwarded(host, request, null, timeout), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest forwarded(HostInfo host, HttpServletRequest request, byte[] body, Duration timeout) {
        String target = "http://" + host.host() + ":" + host.port() + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target))
                .timeout(timeout)
                .header(FORWARDED, "1")
                .method(request.getMethod(), body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        return forwarded.build();
    }

    /** The same request, answered by the instance that holds the alert's delivery log. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request, byte[] body) {
        return forward(host, request, body, Duration.ofSeconds(10));
    }

    /** The same request, answered by the instance that holds the alert's delivery log within the timeout. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request, byte[] body, Duration timeout) {
        try {
            HttpResponse<byte[]> answer = http.send(forwarded(host, request, body, timeout),
                    HttpResponse.BodyHandlers.ofByteArray());
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
