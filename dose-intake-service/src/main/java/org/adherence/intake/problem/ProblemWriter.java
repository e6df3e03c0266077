package org.adherence.intake.problem;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.adherence.support.web.Quoted;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Writes a problem detail outside Spring MVC (security filters, the body-size filter). */
@Component
public class ProblemWriter {

    /** Characters of a problem's {@code detail}; details may quote the request (a method, a media type, a URL). */
    static final int MAX_DETAIL = 500;

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        bounded(problem, request);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * The problem with its {@code detail} bounded and its {@code instance} the request's path, cut when long (Spring
     * would otherwise name the whole path, however long, as the instance).
     */
    public static ProblemDetail bounded(ProblemDetail problem, @Nullable HttpServletRequest request) {
        problem.setDetail(Quoted.cut(problem.getDetail(), MAX_DETAIL));
        if (problem.getInstance() == null && request != null) {
            problem.setInstance(Quoted.instance(request.getRequestURI()));
        }
        return problem;
    }
}
