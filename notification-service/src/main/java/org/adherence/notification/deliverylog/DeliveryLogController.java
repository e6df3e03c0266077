package org.adherence.notification.deliverylog;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.security.Caller;
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
 * alert ids (some are derived from a patient id and a date) cannot be tried out.
 */
@RestController
class DeliveryLogController {

    private final DeliveryLogs logs;

    DeliveryLogController(DeliveryLogs logs) {
        this.logs = logs;
    }

    @GetMapping(path = "/api/v1/alerts/{alertId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> alert(@PathVariable String alertId, HttpServletRequest request, Authentication caller) {
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
