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
