package org.adherence.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.util.UriUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * The refusals Spring Security makes before any controller, as RFC 9457 problem details
 * ({@code application/problem+json}) like every other error of the API: {@code 401} for no token or a bad one,
 * {@code 403} for a token that may not do what it asks, {@code 400} for a URL the firewall refuses.
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** Characters of a request's path a problem names as its {@code instance}. */
    static final int MAX_INSTANCE = 200;

    private final JsonMapper json;

    public SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                request.getHeader(HttpHeaders.AUTHORIZATION) == null
                        ? "A bearer token is required (Authorization: Bearer <JWT>)."
                        : "The bearer token is not valid: " + failure.getMessage());
        problem.setTitle("Unauthorized");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(request, response, problem);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, denied.getMessage());
        problem.setTitle("Forbidden");
        write(request, response, problem);
    }

    /** The firewall refused the URL itself (encoded slashes, semicolons, ...). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request URL is not acceptable: " + rejected.getMessage());
        problem.setTitle("Invalid request");
        write(request, response, problem);
    }

    /** Writes a problem outside Spring MVC; its {@code instance} is the request's path when it has none. */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null) {
            // the path as sent may be thousands of characters: named by its start only, as the services' other
            // problems name it (adherence-service-support's Quoted)
            String path = request.getRequestURI();
            problem.setInstance(URI.create(UriUtils.encodePath(path.length() <= MAX_INSTANCE ? path
                    : path.substring(0, MAX_INSTANCE) + "...", "UTF-8")));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
