package org.adherence.notification.deliverylog;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts/{alertId}}: the alert and, per recipient, what became of its emails. */
@RestController
class DeliveryLogController {

    private final DeliveryLog log;

    DeliveryLogController(DeliveryLog log) {
        this.log = log;
    }

    @GetMapping(path = "/api/v1/alerts/{alertId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> alert(@PathVariable String alertId) {
        return log.of(alertId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No alert " + alertId + " has reached notification-service.");
            problem.setTitle("Unknown alert");
            problem.setInstance(URI.create("/api/v1/alerts/" + alertId));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        });
    }
}
