package org.adherence.notification.deliverylog;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.security.Caller;
import org.springframework.http.MediaType;
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

    private final DeliveryLogs logs;

    DeliveryLogController(DeliveryLogs logs) {
        this.logs = logs;
    }

    @GetMapping(path = "/api/v1/alerts/{alertId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> alert(@PathVariable String alertId, HttpServletRequest request, Authentication caller) {
        if (!ApiProblems.ALERT_ID.matcher(alertId).matches()) {
            return ApiProblems.invalid(request, List.of(ApiProblems.BAD_ALERT_ID));
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
            return ApiProblems.unknownAlert(alertId);
        }
        return ApiProblems.notNow(alertId);
    }
}
