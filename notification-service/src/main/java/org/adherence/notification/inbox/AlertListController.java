package org.adherence.notification.inbox;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.notification.deliverylog.ApiProblems;
import org.adherence.notification.deliverylog.DeliveryLogs;
import org.adherence.security.Caller;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/alerts[?status=open|all][&severity=][&rule=][&patientId=][&limit=]}: the alerts of the caller's
 * clinic's patients that the delivery logs hold, open ones (nobody has acknowledged them) by default, CRITICAL first,
 * newest first within a severity, at most {@code limit} (200 by default, 1000 at most): {@code {"alerts": [view...]}}
 * with each alert's delivery log, and {@code "incomplete": true} when an instance could not be asked. Gathered from
 * every instance ({@link AlertInbox}); a request another instance forwarded is answered for this instance alone.
 */
@RestController
class AlertListController {

    private final AlertInbox inbox;

    AlertListController(AlertInbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> alerts(@RequestParam(required = false) String status,
                             @RequestParam(required = false) String severity,
                             @RequestParam(required = false) String rule,
                             @RequestParam(required = false) String patientId,
                             @RequestParam(required = false) String limit,
                             HttpServletRequest request, Authentication caller) {
        AlertFilter.Parsed parsed = AlertFilter.parse(status, severity, rule, patientId, limit);
        if (parsed.filter() == null) {
            return ApiProblems.invalid(request, parsed.errors());
        }
        String clinic = Caller.of(caller).requireClinic();
        if (DeliveryLogs.isForwarded(request)) {
            return ok(inbox.local(parsed.filter(), clinic));
        }
        Optional<AlertList> alerts = inbox.gather(parsed.filter(), clinic, request);
        if (alerts.isEmpty()) {
            return ApiProblems.at(request, HttpStatus.SERVICE_UNAVAILABLE, "Not available just now", "The service is "
                    + "starting, or its alerts are moving between instances; ask again in a few seconds.", "5");
        }
        return ok(alerts.get());
    }

    private static ResponseEntity<AlertList> ok(AlertList alerts) {
        // a clinic's patients' alerts: never from a cache
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(alerts);
    }
}
