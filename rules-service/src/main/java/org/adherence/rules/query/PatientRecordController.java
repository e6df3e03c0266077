package org.adherence.rules.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.contracts.json.ContractJson;
import org.adherence.security.Caller;
import org.adherence.support.streams.InstanceForwarding;
import org.adherence.support.web.Quoted;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The care team's reads of the rules' state, for the care console (scope {@code care-team:read} or
 * {@code patients:write}, with a {@code clinic} claim; only that clinic's patients):
 * <ul>
 *   <li>{@code GET /api/v1/patients/{patientId}/record?days=30}: the patient's doses, symptom reports and findings of
 *   the last days (1 to 90), with the profile; any patient not of the caller's clinic, known or not, is the same
 *   {@code 404};</li>
 *   <li>{@code GET /api/v1/quiet-patients?silentFor=PT24H}: the clinic's patients with an active prescription and no
 *   event for longer than that (PT1H to P30D), most silent first, gathered from every instance.</li>
 * </ul>
 */
@RestController
class PatientRecordController {

    private static final Logger log = LoggerFactory.getLogger(PatientRecordController.class);

    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static final int MAX_DAYS = 90;

    private static final Duration SHORTEST_SILENCE = Duration.ofHours(1);

    private static final Duration LONGEST_SILENCE = Duration.ofDays(30);

    private final StateQueries state;

    private final Duration defaultSilence;

    PatientRecordController(StateQueries state, @Value("${adherence.rules.quiet-after:PT24H}") Duration defaultSilence) {
        this.state = state;
        this.defaultSilence = defaultSilence;
    }

    @GetMapping(path = "/api/v1/patients/{patientId}/record", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> record(@PathVariable String patientId, @RequestParam(defaultValue = "30") String days,
                             HttpServletRequest request, Authentication caller) {
        if (!PATIENT_ID.matcher(patientId).matches()) {
            return invalid(request, "patientId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        int span;
        try {
            span = Integer.parseInt(days);
        }
        catch (NumberFormatException notANumber) {
            span = -1;
        }
        if (span < 1 || span > MAX_DAYS) {
            return invalid(request, "days", "must be a whole number from 1 to " + MAX_DAYS);
        }
        String clinic = Caller.of(caller).requireClinic();
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofDays(span));
        StateQueries.Location location = state.record(patientId, from, to, request);
        if (location instanceof StateQueries.Location.Elsewhere elsewhere) {
            return state.instances().forward(elsewhere.host(), request);
        }
        if (location instanceof StateQueries.Location.Here here) {
            if (here.record().isPresent() && clinic.equals(here.record().get().profile().clinicId())) {
                return json(here.record().get());
            }
            return problem(HttpStatus.NOT_FOUND, "Unknown patient", "No patient " + patientId
                    + " of this clinic is known to rules-service.", request);
        }
        return notNow(request);
    }

    @GetMapping(path = "/api/v1/quiet-patients", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> quiet(@RequestParam(required = false) String silentFor, HttpServletRequest request,
                            Authentication caller) {
        Duration silence;
        try {
            silence = silentFor == null ? defaultSilence : Duration.parse(silentFor);
        }
        catch (RuntimeException notADuration) {
            silence = null;
        }
        if (silence == null || silence.compareTo(SHORTEST_SILENCE) < 0 || silence.compareTo(LONGEST_SILENCE) > 0) {
            return invalid(request, "silentFor", "must be an ISO-8601 duration from PT1H to P30D, e.g. PT24H");
        }
        String clinic = Caller.of(caller).requireClinic();
        List<QuietPatient> patients = new ArrayList<>();
        // a partition without an instance just now (one stopped, the state moving): its patients are missing
        boolean incomplete = !InstanceForwarding.isForwarded(request)
                && !state.owners().map(InstanceForwarding.Owners::complete).orElse(false);
        try {
            patients.addAll(state.localQuiet(clinic, silence));
        }
        catch (RuntimeException notQueryable) {
            return notNow(request);
        }
        if (!InstanceForwarding.isForwarded(request)) {
            for (HostInfo other : state.otherInstances()) {
                var answer = state.instances().ask(other, request);
                if (answer.isEmpty()) {
                    incomplete = true;
                    continue;
                }
                try {
                    patients.addAll(ContractJson.mapper().readValue(answer.get(), QuietPatients.class).patients());
                }
                catch (RuntimeException unreadable) {
                    // its message may quote the answer, patients of a clinic: named by its kind only
                    log.warn("The quiet patients of the instance at {}:{} could not be read ({})", other.host(),
                            other.port(), unreadable.getClass().getSimpleName());
                    incomplete = true;
                }
            }
        }
        patients.sort(Comparator.comparing(QuietPatient::lastEventAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(QuietPatient::patientId));
        return json(new QuietPatients(silence, patients, incomplete));
    }

    /** The answer of the quiet patients' list. */
    record QuietPatients(Duration silentFor, List<QuietPatient> patients, boolean incomplete) {
    }

    private static ResponseEntity<byte[]> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(ContractJson.mapper().writeValueAsBytes(body));
    }

    private static ResponseEntity<ProblemDetail> invalid(HttpServletRequest request, String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has 1 invalid field(s).");
        problem.setTitle("Invalid request");
        problem.setInstance(Quoted.instance(request.getRequestURI()));
        problem.setProperty("errors", List.of(new FieldProblem(field, message)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> notNow(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problemBody(HttpStatus.SERVICE_UNAVAILABLE,
                        "Not available just now", "The patients' state is moving between instances or still being "
                                + "restored; ask again in a few seconds.", request));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                         HttpServletRequest request) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemBody(status, title, detail, request));
    }

    private static ProblemDetail problemBody(HttpStatus status, String title, String detail,
                                             HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(Quoted.instance(request.getRequestURI()));
        return problem;
    }

    /** One bad field of a request, as intake names them. */
    record FieldProblem(String field, String message) {
    }

}
