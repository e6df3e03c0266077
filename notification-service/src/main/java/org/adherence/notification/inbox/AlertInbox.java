package org.adherence.notification.inbox;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogs;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerts of a clinic from every instance (Kafka Streams' interactive queries): this instance's partitions of the
 * delivery logs read here, every other instance that holds one asked over HTTP at the same time (the caller's token
 * with the request: each instance decides as this one would, and answers for its own partitions only), merged,
 * ordered and cut. What could not be asked is said ({@code incomplete}), not waited for.
 */
@Component
class AlertInbox {

    private static final Logger log = LoggerFactory.getLogger(AlertInbox.class);

    /** How long another instance has to answer. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final DeliveryLogs logs;

    private final JsonMapper json;

    AlertInbox(DeliveryLogs logs, JsonMapper json) {
        this.logs = logs;
        this.json = json;
    }

    /** This instance's part: its partitions of the delivery logs, each instance's answer to another. */
    AlertList local(AlertFilter filter, String clinic) {
        Optional<DeliveryLogs.Owners> owners = logs.owners();
        if (owners.isEmpty()) {
            return new AlertList(List.of(), null, List.of());
        }
        List<DeliveryLogView> alerts = new ArrayList<>();
        List<Integer> read = new ArrayList<>();
        for (int partition : owners.get().local()) {
            List<DeliveryLogView> shown = new ArrayList<>();
            if (logs.scanLocal(partition, view -> {
                if (filter.shows(view, clinic)) {
                    shown.add(view);
                }
            })) {
                alerts.addAll(shown);
                read.add(partition);
            }
        }
        return new AlertList(cut(alerts, filter.limit()), null, read);
    }

    /**
     * The list from every instance; empty when this instance does not know yet where the delivery logs are
     * (starting, rebalancing before its first assignment).
     */
    Optional<AlertList> gather(AlertFilter filter, String clinic, HttpServletRequest request) {
        Optional<DeliveryLogs.Owners> owners = logs.owners();
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        Map<HostInfo, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
        for (HostInfo other : owners.get().others()) {
            asked.put(other, logs.ask(other, request, PEER_TIMEOUT));
        }
        AlertList here = local(filter, clinic);
        Map<String, DeliveryLogView> alerts = new LinkedHashMap<>();
        here.alerts().forEach(view -> alerts.putIfAbsent(view.alert().alertId(), view));
        Set<Integer> read = new TreeSet<>(here.partitions());
        boolean incomplete = false;
        for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<byte[]>>> other : asked.entrySet()) {
            Optional<AlertList> part = answerOf(other.getKey(), other.getValue());
            if (part.isEmpty()) {
                incomplete = true;
                continue;
            }
            part.get().alerts().forEach(view -> alerts.putIfAbsent(view.alert().alertId(), view));
            if (part.get().partitions() != null) {
                read.addAll(part.get().partitions());
            }
        }
        Set<Integer> unread = new TreeSet<>();
        IntStream.range(0, owners.get().partitions()).filter(partition -> !read.contains(partition))
                .forEach(unread::add);
        if (!unread.isEmpty()) {
            if (!incomplete) {
                log.warn("Alert list incomplete: partitions {} of the delivery logs could not be read (moving between "
                        + "instances)", unread);
            }
            incomplete = true;
        }
        return Optional.of(new AlertList(cut(new ArrayList<>(alerts.values()), filter.limit()),
                incomplete ? Boolean.TRUE : null, null));
    }

    private Optional<AlertList> answerOf(HostInfo host, CompletableFuture<HttpResponse<byte[]>> asked) {
        try {
            HttpResponse<byte[]> answer = asked.get(PEER_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (answer.statusCode() != 200) {
                log.warn("Alert list incomplete: instance {}:{} answered {}", host.host(), host.port(),
                        answer.statusCode());
                return Optional.empty();
            }
            return Optional.of(json.readValue(answer.body(), AlertList.class));
        }
        catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Alert list incomplete: instance {}:{} could not be asked: {}", host.host(), host.port(),
                    cause.toString());
            asked.cancel(true);
            return Optional.empty();
        }
        catch (JacksonException e) {
            // its message may quote the answer, alerts of patients: named by its kind only
            log.warn("Alert list incomplete: the answer of instance {}:{} could not be read ({})", host.host(),
                    host.port(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            asked.cancel(true);
            return Optional.empty();
        }
    }

    private static List<DeliveryLogView> cut(List<DeliveryLogView> alerts, int limit) {
        alerts.sort(AlertFilter.ORDER);
        return alerts.size() <= limit ? alerts : alerts.subList(0, limit);
    }
}
