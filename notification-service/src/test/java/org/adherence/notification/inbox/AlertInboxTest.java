package org.adherence.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogs;
import org.adherence.notification.support.Fixtures;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.kafka.streams.InteractiveQueryService;
import org.springframework.mock.web.MockHttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

/**
 * The list gathered from the instances that hold the delivery logs' partitions: this one's read here, the others
 * asked at once with the caller's request (marked forwarded), merged, ordered, cut; what could not be asked makes the
 * answer incomplete, not a failure.
 */
class AlertInboxTest {

    private static final String CLINIC = "clinic-a";

    private static final HostInfo SELF = new HostInfo("self.invalid", 1);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryLogs logs = spy(new DeliveryLogs(mock(InteractiveQueryService.class)));

    private final AlertInbox inbox = new AlertInbox(logs, JSON);

    private final Map<String, String> peerSaw = new ConcurrentHashMap<>();

    private HttpServer peer;

    @AfterEach
    void stopPeer() {
        if (peer != null) {
            peer.stop(0);
        }
    }

    private static DeliveryLogView view(String id, RuleId rule, Instant raisedAt, String clinic) {
        AlertRaised sample = Fixtures.alert("p-" + id, rule);
        return new DeliveryLogView(new AlertRaised(AlertRaised.SCHEMA_VERSION, id, "p-" + id, rule, rule.severity(),
                raisedAt, sample.summary(), sample.guidance(), sample.evidence(), sample.rulePack()), null, null,
                List.of(), clinic);
    }

    /** An instance that answers every list with these views as its partitions' part. */
    private HostInfo peerAnswering(List<Integer> partitions, DeliveryLogView... views) throws IOException {
        byte[] answer = JSON.writeValueAsBytes(new AlertList(List.of(views), null, partitions));
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", exchange -> {
            peerSaw.put("uri", exchange.getRequestURI().toString());
            peerSaw.put("forwarded", String.valueOf(exchange.getRequestHeaders().getFirst(DeliveryLogs.FORWARDED)));
            peerSaw.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        peer.start();
        return new HostInfo("127.0.0.1", peer.getAddress().getPort());
    }

    private static HostInfo unreachable() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }
    }

    private void owning(int partitions, Map<Integer, HostInfo> active, Map<Integer, List<DeliveryLogView>> local) {
        doReturn(Optional.of(new DeliveryLogs.Owners(partitions, active, SELF))).when(logs).owners();
        doAnswer(invocation -> {
            List<DeliveryLogView> views = local.get(invocation.<Integer>getArgument(0));
            if (views == null) {
                return false;
            }
            views.forEach(invocation.<Consumer<DeliveryLogView>>getArgument(1));
            return true;
        }).when(logs).scanLocal(anyInt(), any());
    }

    private static MockHttpServletRequest request(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/alerts");
        request.setQueryString(query);
        request.addHeader("Authorization", "Bearer the-callers-token");
        return request;
    }

    private static AlertFilter filter(String limit) {
        return AlertFilter.parse(null, null, null, null, limit).filter();
    }

    private static List<String> ids(AlertList list) {
        return list.alerts().stream().map(view -> view.alert().alertId()).toList();
    }

    @Test
    void mergesThisInstancesPartitionsWithTheOthersAnswersMostUrgentFirstAndCutsToTheLimit() throws Exception {
        Instant t = Instant.parse("2026-11-24T09:00:00Z");
        HostInfo other = peerAnswering(List.of(1), view("critical", RuleId.OVERDOSE_SIGNS, t, CLINIC),
                view("warning", RuleId.DOUBLE_DOSE, t.plusSeconds(90), CLINIC));
        owning(2, Map.of(0, SELF, 1, other), Map.of(0, List.of(view("old-high", RuleId.DAILY_MAX_EXCEEDED, t, CLINIC),
                view("info", RuleId.MISSED_DOSES, t.plusSeconds(99), CLINIC),
                view("new-high", RuleId.SINGLE_DOSE_ABOVE_MAX, t.plusSeconds(5), CLINIC),
                view("others", RuleId.WITHDRAWAL_SIGNS, t, "clinic-b"))));

        AlertList list = inbox.gather(filter("4"), CLINIC, request("limit=4")).orElseThrow();

        assertThat(ids(list)).containsExactly("critical", "new-high", "old-high", "warning");
        assertThat(list.incomplete()).isNull();
        assertThat(list.partitions()).isNull();
        assertThat(peerSaw).containsEntry("uri", "/api/v1/alerts?limit=4").containsEntry("forwarded", "1")
                .containsEntry("authorization", "Bearer the-callers-token");
    }

    @Test
    void answersWhatItHasAsIncompleteWhenAnotherInstanceCannotBeReached() throws Exception {
        Instant t = Instant.parse("2026-11-24T09:00:00Z");
        HostInfo other = peerAnswering(List.of(1), view("critical", RuleId.OVERDOSE_SIGNS, t, CLINIC));
        owning(3, Map.of(0, SELF, 1, other, 2, unreachable()), Map.of(0, List.of(view("high",
                RuleId.DAILY_MAX_EXCEEDED, t, CLINIC))));

        AlertList list = inbox.gather(filter(null), CLINIC, request(null)).orElseThrow();

        assertThat(ids(list)).containsExactly("critical", "high");
        assertThat(list.incomplete()).isTrue();
        assertThat(JSON.writeValueAsString(list)).contains("\"incomplete\":true").doesNotContain("partitions");
    }

    @Test
    void aPartitionNoInstanceHoldsOrThatCannotBeReadHereMakesTheListIncomplete() {
        Instant t = Instant.parse("2026-11-24T09:00:00Z");
        // partition 1 is moving (no instance holds it); partition 2 is this instance's but still being restored
        owning(3, Map.of(0, SELF, 2, SELF), Map.of(0, List.of(view("high", RuleId.DAILY_MAX_EXCEEDED, t, CLINIC))));

        AlertList list = inbox.gather(filter(null), CLINIC, request(null)).orElseThrow();
        AlertList part = inbox.local(filter(null), CLINIC);

        assertThat(ids(list)).containsExactly("high");
        assertThat(list.incomplete()).isTrue();
        assertThat(part.partitions()).containsExactly(0);
        assertThat(part.incomplete()).isNull();
    }

    @Test
    void allReadIsComplete() {
        owning(2, Map.of(0, SELF, 1, SELF), Map.of(0, List.of(), 1, List.of()));

        AlertList list = inbox.gather(filter(null), CLINIC, request(null)).orElseThrow();

        assertThat(list.alerts()).isEmpty();
        assertThat(list.incomplete()).isNull();
        assertThat(new String(JSON.writeValueAsBytes(list), StandardCharsets.UTF_8)).isEqualTo("{\"alerts\":[]}");
    }

    @Test
    void withoutKnowingWhereThePartitionsAreThereIsNoList() {
        doReturn(Optional.empty()).when(logs).owners();

        assertThat(inbox.gather(filter(null), CLINIC, request(null))).isEmpty();
        assertThat(inbox.local(filter(null), CLINIC).partitions()).isEmpty();
    }
}
