package org.adherence.notification.ack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.contracts.events.AlertAcknowledged;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.ack.AckTokens.Claims;
import org.adherence.notification.ack.AckTokens.Refusal;
import org.adherence.notification.ack.AckTokens.RefusedException;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.kafka.StateNotWrittenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The acknowledgement link of a CRITICAL alert's email. Opening it (GET) only shows a page with one button, so
 * that a mail scanner that fetches links acknowledges nothing; pressing the button (POST) publishes the
 * acknowledgement, and every instance stops reminding. A link that is forged, expired or for another alert is
 * refused with a page that says so (or a problem detail, for a client that asks for JSON).
 */
@RestController
@RequestMapping("/api/v1/alerts/{alertId}/ack")
class AckController {

    private static final Logger log = LoggerFactory.getLogger(AckController.class);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV')'");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final AckTokens tokens;
    private final Acknowledgements acknowledgements;
    private final AlertsTakenIn alerts;
    private final CareTeamDirectory directory;
    private final Clock clock;

    AckController(AckTokens tokens, Acknowledgements acknowledgements, AlertsTakenIn alerts,
                  CareTeamDirectory directory, Clock clock) {
        this.tokens = tokens;
        this.acknowledgements = acknowledgements;
        this.alerts = alerts;
        this.directory = directory;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<String> show(@PathVariable String alertId, @RequestParam(required = false) String token) {
        Claims claims = tokens.verify(alertId, token);
        if (!acknowledgements.isLoaded()) {
            return notReadYet();
        }
        if (acknowledgements.isAcknowledged(alertId)) {
            return html(HttpStatus.OK, alreadyAcknowledged(claims));
        }
        return html(HttpStatus.OK, document("Acknowledge " + what(claims),
                "<p>Acknowledging tells everyone that you are taking care of this alert: its reminders stop.</p>\n"
                        + "<form method=\"post\" action=\"" + escape(ackPath(alertId)) + "\">\n"
                        + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">\n"
                        + "<button type=\"submit\">Acknowledge as " + escape(claims.recipient()) + "</button>\n"
                        + "</form>"));
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> acknowledge(@PathVariable String alertId, @RequestParam(required = false) String token) {
        Claims claims = tokens.verify(alertId, token);
        if (!acknowledgements.isLoaded()) {
            // until the acknowledgements are read, an earlier acknowledgement by someone else would be overwritten
            return notReadYet();
        }
        if (acknowledgements.isAcknowledged(alertId)) {
            return html(HttpStatus.OK, alreadyAcknowledged(claims));
        }
        AlertAcknowledged acknowledged = new AlertAcknowledged(AlertAcknowledged.SCHEMA_VERSION, alertId,
                claims.patientId(), claims.recipient(), clock.instant());
        try {
            acknowledgements.acknowledge(acknowledged);
        }
        catch (StateNotWrittenException e) {
            log.warn("Acknowledgement of alert {} for patient {} not written: {}", alertId, claims.patientId(),
                    e.getMessage());
            return html(HttpStatus.SERVICE_UNAVAILABLE, document("Not acknowledged yet",
                    "<p>The acknowledgement could not be stored just now. Please press the button again in a "
                            + "minute.</p>"));
        }
        log.info("Alert {} for patient {} acknowledged", alertId, claims.patientId());
        return html(HttpStatus.OK, document("Acknowledged: " + what(claims),
                "<p>Thank you. The alert is acknowledged by " + escape(claims.recipient()) + " at "
                        + escape(timeOf(acknowledged.acknowledgedAt(), claims.patientId()))
                        + "; its reminders stop.</p>"));
    }

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<?> refuse(RefusedException refused, HttpServletRequest request) {
        HttpStatus status = refused.refusal() == Refusal.MALFORMED ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN;
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("json")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.refusal().explanation()
                    + " Use the link of the most recent email about the alert.");
            problem.setTitle("Acknowledgement link refused");
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("reason", refused.refusal().name());
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return html(status, document("This acknowledgement link cannot be used",
                "<p>" + escape(refused.refusal().explanation()) + " Nothing was acknowledged.</p>\n"
                        + "<p>Use the link of the most recent email about the alert; each reminder carries a fresh "
                        + "one.</p>"));
    }

    private String alreadyAcknowledged(Claims claims) {
        AlertAcknowledged earlier = acknowledgements.get(claims.alertId()).orElseThrow();
        return document("Already acknowledged: " + what(claims),
                "<p>This alert was already acknowledged by " + escape(earlier.acknowledgedBy()) + " at "
                        + escape(timeOf(earlier.acknowledgedAt(), claims.patientId()))
                        + ". Its reminders have stopped; there is nothing more to do here.</p>");
    }

    /** The instance has not read the acknowledgements topic to its end yet (it is starting). */
    private static ResponseEntity<String> notReadYet() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(HTML).body(document("Not ready yet",
                        "<p>The alert service is starting and cannot tell yet whether this alert is acknowledged. "
                                + "Nothing was acknowledged. Please open the link again in a minute.</p>"));
    }

    private String what(Claims claims) {
        return alerts.get(claims.alertId()).map(AlertEmailRenderer::subjectOf)
                .orElse("alert " + claims.alertId() + " - patient " + claims.patientId());
    }

    private String timeOf(Instant time, String patientId) {
        ZoneId zone = directory.profileOf(patientId).map(PatientProfileUpdated::timeZone).orElse(ZoneOffset.UTC);
        return TIME.format(time.atZone(zone));
    }

    private static String ackPath(String alertId) {
        return AlertEmailRenderer.alertPage(URI.create(""), alertId) + "/ack";
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>" + escape(title) + "</title></head>\n"
                + "<body>\n<h1>" + escape(title) + "</h1>\n" + body + "\n</body></html>\n";
    }

    private static ResponseEntity<String> html(HttpStatus status, String page) {
        return ResponseEntity.status(status).contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(page);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
