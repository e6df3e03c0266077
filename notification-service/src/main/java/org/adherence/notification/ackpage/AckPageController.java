package org.adherence.notification.ackpage;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.ack.AckTokens.Claims;
import org.adherence.notification.ack.AckTokens.Refusal;
import org.adherence.notification.ack.AckTokens.RefusedException;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogs;
import org.adherence.notification.email.EmailContent;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.NotificationTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The acknowledgement link of a CRITICAL alert's email to a clinician. Opening it (GET) only shows a page with one
 * button, so that a mail scanner that fetches links acknowledges nothing; pressing the button (POST) records the
 * press, the topology decides who was first (the first press it takes in, on every instance), reminders stop, and the
 * page says who acknowledged it and when. A link that is forged, expired, for another alert, or of an address the
 * alert was not mailed to as a clinician ({@code WhoMayAcknowledge}) is refused with a page that says so (or a problem
 * detail, for a client that asks for JSON). The pages come from templates
 * ({@code templates/ack/*.html}), escaped by the engine.
 */
@Controller
@RequestMapping("/api/v1/alerts/{alertId}/ack")
class AckPageController {

    private static final Logger log = LoggerFactory.getLogger(AckPageController.class);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV')'");

    private static final long POLL_MILLIS = 50;

    private final AckTokens tokens;

    private final DeliveryLogs logs;

    private final KafkaOperations<String, Object> kafka;

    private final NotificationProperties properties;

    private final Clock clock;

    AckPageController(AckTokens tokens, DeliveryLogs logs, KafkaOperations<String, Object> kafka,
                      NotificationProperties properties, Clock clock) {
        this.tokens = tokens;
        this.logs = logs;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    Object show(@PathVariable String alertId, @RequestParam(required = false) String token,
                HttpServletRequest request, HttpServletResponse response) {
        Claims claims = tokens.verify(alertId, token);
        DeliveryLogs.Location location = logs.locate(alertId, request);
        if (location instanceof DeliveryLogs.Location.Elsewhere elsewhere) {
            return logs.forward(elsewhere.host(), request, null);
        }
        if (!(location instanceof DeliveryLogs.Location.Here here)) {
            return notNow(response);
        }
        Optional<DeliveryLogView> view = here.view();
        refuseUnlessAClinicianWasMailed(view, claims);
        if (view.isPresent() && view.get().acknowledged() != null) {
            return acknowledged(response, claims, view.get());
        }
        return page(response, HttpStatus.OK, "ack/confirm", Map.of("title", "Acknowledge " + what(claims, view),
                "action", EmailContent.alertPage(URI.create(""), alertId) + "/ack", "token", token,
                "recipient", claims.recipient()));
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Object acknowledge(@PathVariable String alertId, @RequestParam(required = false) String token,
                       HttpServletRequest request, HttpServletResponse response) throws Exception {
        Claims claims = tokens.verify(alertId, token);
        DeliveryLogs.Location location = logs.locate(alertId, request);
        if (location instanceof DeliveryLogs.Location.Elsewhere elsewhere) {
            // the form, as it came: the token is its only field
            return logs.forward(elsewhere.host(), request, ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (!(location instanceof DeliveryLogs.Location.Here here)) {
            return notNow(response);
        }
        refuseUnlessAClinicianWasMailed(here.view(), claims);
        if (here.view().isPresent() && here.view().get().acknowledged() != null) {
            return acknowledged(response, claims, here.view().get());
        }
        AckRequested press = new AckRequested(AckRequested.SCHEMA_VERSION, alertId, claims.patientId(),
                claims.recipient(), clock.instant(), UUID.randomUUID().toString(), AckRequested.VIA_EMAIL, null);
        try {
            kafka.send(NotificationTopics.ACK_REQUESTS.name(), claims.patientId(), press).get(10, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            log.warn("Acknowledgement of alertId={} patientId={} not recorded: {}", alertId, claims.patientId(),
                    e.toString());
            return page(response, HttpStatus.SERVICE_UNAVAILABLE, "ack/not-now", Map.of("title", "Not acknowledged yet",
                    "reason", "The acknowledgement could not be stored just now."), "30");
        }
        log.info("Acknowledgement of alertId={} patientId={} pressed", alertId, claims.patientId());
        long deadline = System.nanoTime() + properties.ackConfirmTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<DeliveryLogView> view = logs.localView(alertId);
            if (view.isPresent() && view.get().acknowledged() != null) {
                return acknowledged(response, claims, view.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
        return page(response, HttpStatus.ACCEPTED, "ack/recorded", Map.of("title", "Acknowledgement recorded",
                "recipient", claims.recipient()));
    }

    @ExceptionHandler(RefusedException.class)
    Object refuse(RefusedException refused, HttpServletRequest request, HttpServletResponse response) {
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
        return page(response, status, "ack/refused", Map.of("title", "This acknowledgement link cannot be used",
                "explanation", refused.refusal().explanation()));
    }

    /** A link that would acknowledge nothing says so at once (the topology ignores its press anyway). */
    private static void refuseUnlessAClinicianWasMailed(Optional<DeliveryLogView> view, Claims claims) {
        if (view.isPresent() && !view.get().mayBeAcknowledgedBy(claims.recipient())) {
            throw new RefusedException(Refusal.NOT_A_CLINICIAN);
        }
    }

    /** Who was first: this recipient, or someone before. */
    private ModelAndView acknowledged(HttpServletResponse response, Claims claims, DeliveryLogView view) {
        DeliveryLogView.Acknowledgement first = view.acknowledged();
        boolean byThisRecipient = first.acknowledgedBy().equalsIgnoreCase(claims.recipient());
        return page(response, HttpStatus.OK, "ack/acknowledged", Map.of(
                "title", (byThisRecipient ? "Acknowledged: " : "Already acknowledged: ") + what(claims,
                        Optional.of(view)),
                "mine", byThisRecipient, "by", first.acknowledgedBy(), "at", timeOf(first.acknowledgedAt(),
                        view.timeZone())));
    }

    private ModelAndView notNow(HttpServletResponse response) {
        return page(response, HttpStatus.SERVICE_UNAVAILABLE, "ack/not-now", Map.of("title", "Not ready yet", "reason",
                "The alert service cannot tell just now whether this alert is acknowledged (it is starting, or its "
                        + "alerts are moving between instances). Nothing was acknowledged."), "5");
    }

    private static String what(Claims claims, Optional<DeliveryLogView> view) {
        return view.map(v -> EmailContent.subjectOf(v.alert()))
                .orElse("alert " + claims.alertId() + " - patient " + claims.patientId());
    }

    private static String timeOf(Instant time, ZoneId zone) {
        return TIME.format(time.atZone(zone == null ? ZoneOffset.UTC : zone));
    }

    private static ModelAndView page(HttpServletResponse response, HttpStatus status, String template,
                                     Map<String, ?> model) {
        return page(response, status, template, model, null);
    }

    private static ModelAndView page(HttpServletResponse response, HttpStatus status, String template,
                                     Map<String, ?> model, String retryAfter) {
        // a page about one person's acknowledgement: never from a cache
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return new ModelAndView(template, model, status);
    }
}
