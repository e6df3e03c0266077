package org.adherence.support.streams;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Asks another instance of the same service for what its Kafka Streams stores hold (interactive queries): the same
 * request, with the caller's own {@code Authorization} (that instance decides as this one would), marked with
 * {@link #FORWARDED} so that it is never passed on again.
 */
public final class InstanceForwarding {

    /** Marks a request one instance made of another: it is answered from that instance's own stores only. */
    public static final String FORWARDED = "X-Adherence-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(InstanceForwarding.class);

    private static final List<String> FORWARDED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT,
            HttpHeaders.CONTENT_TYPE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Duration timeout;

    public InstanceForwarding(Duration timeout) {
        this.timeout = timeout;
    }

    /** A partition's instance as Kafka Streams' metadata names it: not its "unavailable" (a partition moving). */
    public static boolean isKnown(HostInfo host) {
        return host != null && host.port() >= 0 && !host.equals(HostInfo.unavailable());
    }

    /**
     * Which instance holds each partition of a store just now, from Kafka Streams' metadata of every instance; empty
     * when this instance cannot tell (starting, or its Kafka Streams client is not running).
     */
    public static Optional<Owners> owners(KafkaStreams streams, String store) {
        try {
            int[] count = {0};
            KeyQueryMetadata first = streams.queryMetadataForKey(store, "", (topic, key, value, partitions) -> {
                count[0] = partitions;
                return Optional.of(Set.of(0));
            });
            if (first == null || first == KeyQueryMetadata.NOT_AVAILABLE || count[0] < 1) {
                return Optional.empty();
            }
            Map<Integer, HostInfo> active = new LinkedHashMap<>();
            for (int partition = 0; partition < count[0]; partition++) {
                int wanted = partition;
                KeyQueryMetadata where = partition == 0 ? first : streams.queryMetadataForKey(store, "",
                        (topic, key, value, partitions) -> Optional.of(Set.of(wanted)));
                if (where != null && where != KeyQueryMetadata.NOT_AVAILABLE && isKnown(where.activeHost())) {
                    active.put(partition, where.activeHost());
                }
            }
            return Optional.of(new Owners(count[0], active));
        }
        catch (RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /**
     * The instances of a store's partitions.
     *
     * @param partitions how many partitions the store has
     * @param active     the instance of each partition that has one; a partition being moved has none
     */
    public record Owners(int partitions, Map<Integer, HostInfo> active) {

        public Owners {
            active = Map.copyOf(active);
        }

        /** Whether every partition has an instance to answer for it. */
        public boolean complete() {
            return active.size() == partitions;
        }
    }

    /** Whether the request came from another instance (and so must be answered here, not passed on). */
    public static boolean isForwarded(HttpServletRequest request) {
        return request.getHeader(FORWARDED) != null;
    }

    /** The instance's whole answer to the same request, or 503 with Retry-After when it cannot be reached. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request) {
        Optional<HttpResponse<byte[]>> answer = send(host, request);
        if (answer.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.get().statusCode());
        for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER, HttpHeaders.CACHE_CONTROL)) {
            answer.get().headers().firstValue(name).ifPresent(value -> response.header(name, value));
        }
        return response.body(answer.get().body());
    }

    /** The body of the instance's {@code 200} answer to the same request; empty when it did not give one. */
    public Optional<byte[]> ask(HostInfo host, HttpServletRequest request) {
        return send(host, request).filter(answer -> answer.statusCode() == 200).map(HttpResponse::body);
    }

    private Optional<HttpResponse<byte[]>> send(HostInfo host, HttpServletRequest request) {
        String target = "http://" + host.host() + ":" + host.port() + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
                .header(FORWARDED, "1").method(request.getMethod(), HttpRequest.BodyPublishers.noBody());
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        try {
            return Optional.of(http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        catch (IOException e) {
            log.warn("Asking the instance at {}:{} for {} {} failed: {}", host.host(), host.port(),
                    request.getMethod(), request.getRequestURI(), e.toString());
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
