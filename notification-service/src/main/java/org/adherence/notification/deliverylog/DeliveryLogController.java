package org.adherence.notification.deliverylog;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.security.Caller;
import org.adherence.support.web.Quoted;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/alerts/{alertId}}: the alert and, per recipient, what became of its emails; answered by whichever
 * instance holds it, through any instance (which forwards the caller's token: the instance holding the alert decides).
 * Only for the alerts of the caller's clinic's patients: any other id, known or not, is the same {@code 404}, so that
 * alert ids (some are derived from a patient id and a date) cannot be tried out. An id that cannot be an alert id
 * (rules-service makes UUIDs) is refused before any store is asked, and no answer quotes more of it than an alert id
 * would be.
 */
@RestController
class DeliveryLogController {

    /** What an alert id may be: rules-service's are UUIDs; patient ids have the same alphabet and length. */
    static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final DeliveryLogs logs;

    DeliveryLogController(DeliveryLogs logs) {
        this.logs = logs;
    }

    @GetMapping(path = "/api/v1/alerts/{alertId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> alert(@PathVariable String alertId, HttpServletRequest request, Authentication caller) {
        if (!ALERT_ID.matcher(alertId).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The request has 1 invalid field(s).");
            problem.setTitle("Invalid request");
            problem.setInstance(Quoted.instance(request.getRequestURI()));
            problem.setProperty("errors", List.of(new FieldProblem("alertId",
                    "must be 1 to 64 characters of A-Z a-z 0-9 . _ - (as the alert's emails give it)")));
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        DeliveryLogs.Location location = logs.locate(alertId, request);
        if (location instanceof DeliveryLogs.Location.Elsewhere elsewhere) {
            return logs.forward(elsewhere.host(), request, null);
        }
        if (location instanceof DeliveryLogs.Location.Here here && here.view().isPresent()
                && here.view().get().isOfClinic(Caller.of(caller).requireClinic())) {
            return ResponseEntity.ok(here.view().get());
        }
        if (location instanceof DeliveryLogs.Location.Here) {
            return problem(HttpStatus.NOT_FOUND, "Unknown alert", "No alert " + alertId
                    + " of a patient of this clinic has reached notification-service.", alertId);
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problemBody(HttpStatus.SERVICE_UNAVAILABLE,
                        "Not available just now", "The alerts are moving between instances; ask again in a few "
                                + "seconds.", alertId));
    }

    /** One bad field of a request, as intake names them. */
    record FieldProblem(String field, String message) {
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                         String alertId) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemBody(status, title, detail, alertId));
    }

    private static ProblemDetail problemBody(HttpStatus status, String title, String detail, String alertId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create("/api/v1/alerts/" + org.springframework.web.util.UriUtils
                .encodePathSegment(alertId, "UTF-8")));
        return problem;
    }
}
