package org.adherence.support.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.adherence.contracts.json.ContractJson;
import org.springframework.http.HttpStatus;

/**
 * The problem detail (RFC 9457) of an error the servlet container answers itself, before or after the application:
 * a URL Tomcat refuses (an encoded NUL, slash or backslash, a byte that is not UTF-8, a request line longer than
 * its buffer), a body cut short or wrongly chunked, a method no servlet takes ({@code TRACE}). It quotes nothing of
 * the request: what was wrong with it may be anywhere in it.
 */
public final class ContainerProblems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ContainerProblems() {
    }

    /**
     * The status a request gets for what the container refused: as Tomcat decided, except that a request is never
     * answered with a server error for what it is. Tomcat answers {@code CONNECT} (this is no proxy), a transfer coding
     * it does not know, and an HTTP version it does not speak with {@code 501} or {@code 505}; those are the
     * request's fault, {@code 405} and {@code 400} here.
     */
    public static int statusFor(int status, String method) {
        if (status == 501 && "CONNECT".equals(method)) {
            return 405;
        }
        return status == 501 || status == 505 ? 400 : status;
    }

    public static Map<String, Object> body(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error " + status : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail(status));
        return problem;
    }

    public static String json(int status) {
        return ContractJson.mapper().writeValueAsString(body(status));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request cannot be read: its URL, headers or body are malformed (a URL with characters "
                    + "or escapes it may not carry, a URL or headers too long, a body shorter than it said or "
                    + "wrongly chunked).";
            case 404 -> "There is nothing at this URL.";
            case 405 -> "This method is not allowed at this URL.";
            case 408 -> "The request did not arrive in time.";
            case 413 -> "The request body is too large.";
            case 414 -> "The URL is too long.";
            case 431 -> "The request headers are too large.";
            default -> status >= 500 ? "The request could not be handled; nothing more is known to the caller."
                    : "The request cannot be handled as sent.";
        };
    }
}
