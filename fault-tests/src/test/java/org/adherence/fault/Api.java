package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.http.RawHttp;
import org.adherence.testsupport.process.ServiceProcess;

import tools.jackson.databind.JsonNode;

/**
 * Requests to one service's HTTP API as any client could send them (raw HTTP/1.1, {@link RawHttp}: odd methods, raw
 * bytes, bodies of any media type), and what CONTRACT.md wants of every refusal: an RFC 9457 problem detail.
 */
final class Api {

    static final String PROBLEM_JSON = "application/problem+json";

    /** An acknowledgement link in an email: its alert id (group 1) and token (group 2). */
    static final Pattern ACK_LINK = Pattern.compile("/api/v1/alerts/([A-Za-z0-9._-]+)/ack\\?token=([A-Za-z0-9_.-]+)");

    private final RawHttp raw;

    Api(ServiceProcess service) {
        this.raw = new RawHttp("localhost", service.port(), Duration.ofSeconds(60));
    }

    RawHttp.Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        return raw.send(method, target, headers, body);
    }

    /** A JSON request with a bearer token (none when {@code token} is null). */
    RawHttp.Answer json(String method, String target, String token, String json) {
        Map<String, String> headers = bearer(token);
        headers.put("Content-Type", "application/json");
        return send(method, target, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp.Answer get(String target, String token) {
        Map<String, String> headers = bearer(token);
        headers.put("Accept", "application/json");
        return send("GET", target, headers, new byte[0]);
    }

    /** {@code Authorization: Bearer <token>} (none when {@code token} is null), in a map to add headers to. */
    static Map<String, String> bearer(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    static JsonNode json(RawHttp.Answer answer) {
        return ContractJson.mapper().readTree(answer.body());
    }

    /**
     * What is wrong with an answer to a request that must be refused; empty when it is a {@code 4xx} problem detail:
     * {@code application/problem+json}, a JSON object whose {@code status} is the answer's and which has a
     * {@code title}, of at most {@code maxBytes} (what it quotes of the request is bounded).
     */
    static List<String> refusalFaults(RawHttp.Answer answer, int maxBytes) {
        List<String> faults = new ArrayList<>();
        if (answer.status() < 400 || answer.status() > 499) {
            faults.add("status " + answer.status() + ", not a 4xx");
        }
        if (!PROBLEM_JSON.equals(answer.mediaType())) {
            faults.add("media type '" + answer.mediaType() + "', not " + PROBLEM_JSON);
        }
        if (answer.body().length > maxBytes) {
            faults.add("a body of " + answer.body().length + " bytes, more than " + maxBytes);
        }
        try {
            JsonNode problem = json(answer);
            if (!problem.isObject()) {
                faults.add("a body that is not a JSON object");
            }
            else {
                if (problem.path("status").asInt(-1) != answer.status()) {
                    faults.add("\"status\" " + problem.path("status") + " in the body");
                }
                if (!problem.path("title").isString() || problem.path("title").asString().isBlank()) {
                    faults.add("no \"title\"");
                }
            }
        }
        catch (RuntimeException notJson) {
            faults.add("a body that is not JSON: " + notJson.getClass().getSimpleName());
        }
        return faults;
    }

    /** The answer is a problem detail of this status. */
    static void assertProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(describe(answer)).isEqualTo(status);
        assertThat(refusalFaults(answer, 4096)).as(describe(answer)).isEmpty();
    }

    static String describe(RawHttp.Answer answer) {
        String text = answer.text();
        return answer.status() + " " + answer.headers() + " " + (text.length() > 600 ? text.substring(0, 600) + "..."
                : text);
    }
}
