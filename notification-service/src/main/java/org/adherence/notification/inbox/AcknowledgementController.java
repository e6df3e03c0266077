package org.adherence.notification.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.notification.deliverylog.ApiProblems;
import org.adherence.notification.deliverylog.ApiProblems.FieldProblem;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogs;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/alerts/{alertId}/acknowledgement}, body {@code {"reason": "..."}} (optional, at most 500
 * characters; the body may be empty): a clinician of the patient's clinic acknowledges an alert of any severity in the
 * care console. The token must have scope {@code alerts:acknowledge} (the security configuration), a clinic, a
 * {@code role} claim of a clinician ({@code PHYSICIAN}, {@code NURSE}, {@code PHARMACIST}; else {@code 403}) and an
 * {@code email} claim: who acknowledged. An alert of no patient of the clinic is the delivery log's {@code 404}.
 * Answered by the instance holding the alert's delivery log (forwarded there, body and token with it): the press is
 * written to the acknowledgement requests ({@code acks=all}, keyed by patient, {@code via=console}), the topology
 * decides who was first (the first press it takes in wins; a CRITICAL alert's reminders stop), and the answer is the
 * delivery log once it shows the acknowledgement ({@code 200}, naming whoever was first), or {@code 202}
 * {@code {"status":"pending"}} when it does not within {@link #CONFIRM_WAIT}. The reason is never logged.
 */
@RestController
class AcknowledgementController {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgementController.class);

    /** How long the answer waits for the topology to show the acknowledgement. */
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(10);

    /** How long a forwarded acknowledgement may take: its publication and its wait. */
    private static final Duration FORWARD_TIMEOUT = CONFIRM_WAIT.plusSeconds(15);

    private static final long POLL_MILLIS = 50;

    static final int MAX_REASON = 500;

    /** Bytes of a body read: a reason of 500 characters, each escaped, and more. */
    private static final int MAX_BODY = 8 * 1024;

    static final String ROLE_CLAIM = "role";

    static final String EMAIL_CLAIM = "email";

    /** An address as a care team's are: something, an at, a domain; no spaces or controls. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,189}");

    /** Controls other than line breaks and tabs. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\r\\n\\t]]");

    private final DeliveryLogs logs;

    private final KafkaOperations<String, Object> kafka;

    private final JsonMapper json;

    private final Clock clock;

    AcknowledgementController(DeliveryLogs logs, KafkaOperations<String, Object> kafka, JsonMapper json,
                              Clock clock) {
        this.logs = logs;
        this.kafka = kafka;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/alerts/{alertId}/acknowledgement", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> acknowledge(@PathVariable String alertId, HttpServletRequest request, Authentication caller)
            throws IOException, InterruptedException {
        if (!ApiProblems.ALERT_ID.matcher(alertId).matches()) {
            return ApiProblems.invalid(request, List.of(ApiProblems.BAD_ALERT_ID));
        }
        String clinic = Caller.of(caller).requireClinic();
        Optional<CareTeamRole> role = claim(caller, ROLE_CLAIM).flatMap(AcknowledgementController::clinicianRole);
        if (role.isEmpty()) {
            return ApiProblems.at(request, HttpStatus.FORBIDDEN, "Forbidden", "Only clinicians may acknowledge an "
                    + "alert: the token's '" + ROLE_CLAIM + "' claim must be PHYSICIAN, NURSE or PHARMACIST.");
        }
        Optional<String> by = claim(caller, EMAIL_CLAIM).map(String::strip)
                .filter(email -> EMAIL.matcher(email).matches());
        if (by.isEmpty()) {
            return ApiProblems.at(request, HttpStatus.FORBIDDEN, "Forbidden", "The token must name its clinician's "
                    + "address in the '" + EMAIL_CLAIM + "' claim: it is recorded as who acknowledged the alert.");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        Reason reason = request.getParameter("reason") != null
                // a form's (read before this, as the service reads every form) or the query's: not the API's
                ? new Reason(null, new FieldProblem("reason", "must be in a JSON body: {\"reason\": \"...\"}"))
                : reasonOf(body, request.getContentType());
        if (reason.problem() != null) {
            return ApiProblems.invalid(request, List.of(reason.problem()));
        }

        DeliveryLogs.Location location = logs.locate(alertId, request);
        if (location instanceof DeliveryLogs.Location.Elsewhere elsewhere) {
            return logs.forward(elsewhere.host(), request, body, FORWARD_TIMEOUT);
        }
        if (!(location instanceof DeliveryLogs.Location.Here here)) {
            return ApiProblems.notNow(alertId);
        }
        if (here.view().isEmpty() || !here.view().get().isOfClinic(clinic)) {
            return ApiProblems.unknownAlert(alertId);
        }
        DeliveryLogView view = here.view().get();
        if (view.acknowledged() != null) {
            return ok(view);
        }
        String patientId = view.alert().patientId();
        AckRequested press = new AckRequested(AckRequested.SCHEMA_VERSION, alertId, patientId, by.get(),
                clock.instant(), UUID.randomUUID().toString(), AckRequested.VIA_CONSOLE, reason.text());
        try {
            kafka.send(NotificationTopics.ACK_REQUESTS.name(), patientId, press).get(10, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Acknowledgement of alertId={} patientId={} not recorded: {}", alertId, patientId,
                    e.getClass().getSimpleName());
            return ApiProblems.at(request, HttpStatus.SERVICE_UNAVAILABLE, "Not acknowledged",
                    "The acknowledgement could not be stored just now; nothing was acknowledged. Try again.", "5");
        }
        log.info("Acknowledgement of alertId={} patientId={} asked in the console by a {}", alertId, patientId,
                role.get());
        long deadline = System.nanoTime() + CONFIRM_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<DeliveryLogView> now = logs.localView(alertId);
            if (now.isPresent() && now.get().acknowledged() != null) {
                return ok(now.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("status", "pending"));
    }

    /** The reason of a body, or what is wrong with it. */
    private record Reason(String text, FieldProblem problem) {
    }

    private Reason reasonOf(byte[] body, String contentType) {
        if (body.length > MAX_BODY) {
            return new Reason(null, new FieldProblem("body", "must be at most " + MAX_BODY + " bytes"));
        }
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return new Reason(null, null);
        }
        if (contentType != null && !isJson(contentType)) {
            return new Reason(null, new FieldProblem("body", "must be JSON (Content-Type: application/json)"));
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        }
        catch (JacksonException notJson) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            return new Reason(null, new FieldProblem("body",
                    "must be a JSON object such as {\"reason\": \"...\"}, or empty"));
        }
        JsonNode reason = tree.get("reason");
        if (reason == null || reason.isNull()) {
            return new Reason(null, null);
        }
        if (!reason.isString()) {
            return new Reason(null, new FieldProblem("reason", "must be text"));
        }
        String text = reason.asString().strip();
        if (text.codePointCount(0, text.length()) > MAX_REASON) {
            return new Reason(null, new FieldProblem("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (CONTROL.matcher(text).find()) {
            return new Reason(null, new FieldProblem("reason",
                    "must not contain control characters (but line breaks and tabs)"));
        }
        return new Reason(text.isEmpty() ? null : text, null);
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
        }
        catch (IllegalArgumentException notAMediaType) {
            return false;
        }
    }

    private static Optional<String> claim(Authentication caller, String name) {
        if (caller.getPrincipal() instanceof Jwt jwt && jwt.getClaims().get(name) instanceof String value) {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    private static Optional<CareTeamRole> clinicianRole(String role) {
        for (CareTeamRole candidate : CareTeamRole.values()) {
            if (candidate.name().equals(role) && candidate.isClinician()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ResponseEntity<DeliveryLogView> ok(DeliveryLogView view) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }
}
