package org.adherence.notification.deliverylog;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.support.web.Quoted;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriUtils;

/**
 * The problem details ({@code application/problem+json}) of the alerts API: bad fields named as intake names them,
 * an alert of no patient of the caller's clinic answered as an unknown one, and alerts moving between instances.
 */
public final class ApiProblems {

    /** What an alert id may be: rules-service's are UUIDs; patient ids have the same alphabet and length. */
    public static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Why an alert id is refused. */
    public static final FieldProblem BAD_ALERT_ID = new FieldProblem("alertId",
            "must be 1 to 64 characters of A-Z a-z 0-9 . _ - (as the alert's emails give it)");

    private ApiProblems() {
    }

    /** One bad field of a request, as intake names them. */
    public record FieldProblem(String field, String message) {
    }

    /** {@code 400}: the request's bad fields; its {@code instance} is the request's path, cut short when long. */
    public static ResponseEntity<ProblemDetail> invalid(HttpServletRequest request, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + errors.size() + " invalid field(s).");
        problem.setTitle("Invalid request");
        problem.setInstance(Quoted.instance(request.getRequestURI()));
        problem.setProperty("errors", List.copyOf(errors));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * {@code 404}, the same for an id no alert has and for an alert of another clinic's patient, so that alert ids
     * cannot be tried out.
     */
    public static ResponseEntity<ProblemDetail> unknownAlert(String alertId) {
        return of(HttpStatus.NOT_FOUND, "Unknown alert", "No alert " + alertId
                + " of a patient of this clinic has reached notification-service.", alertId);
    }

    /** {@code 503} with {@code Retry-After}: the alert's partition is moving between instances. */
    public static ResponseEntity<ProblemDetail> notNow(String alertId) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "Not available just now", "The alerts are moving between instances; ask again in a few "
                                + "seconds.", alertId));
    }

    /** A problem about the request, its {@code instance} the request's path, cut short when long. */
    public static ResponseEntity<ProblemDetail> at(HttpServletRequest request, HttpStatus status, String title,
                                                   String detail) {
        return at(request, status, title, detail, null);
    }

    /** The same, with a {@code Retry-After} (seconds) when not null. */
    public static ResponseEntity<ProblemDetail> at(HttpServletRequest request, HttpStatus status, String title,
                                                   String detail, String retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(Quoted.instance(request.getRequestURI()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.body(problem);
    }

    /** A problem about one alert, its {@code instance} the alert's path. */
    public static ResponseEntity<ProblemDetail> of(HttpStatus status, String title, String detail, String alertId) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, title, detail, alertId));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, String alertId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create("/api/v1/alerts/" + UriUtils.encodePathSegment(alertId, "UTF-8")));
        return problem;
    }
}
