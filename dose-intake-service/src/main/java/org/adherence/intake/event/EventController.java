package org.adherence.intake.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.constraints.Pattern;

import io.micrometer.core.instrument.Timer;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientEvent;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.intake.drug.CoveredDrugs;
import org.adherence.intake.metrics.IntakeMetrics;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.intake.security.PatientAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dose and symptom events of one patient. Each answer is given only once Kafka has acknowledged the event:
 * {@code 202} means durable, a failure or timeout means {@code 503}. Each hands the publisher the sample started on
 * the request's arrival ({@link IntakeMetrics#ARRIVAL}), so that its time to durability counts from there.
 */
@RestController
@RequestMapping(path = "/api/v1/patients/{patientId}", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
class EventController {

    private final PatientAccess access;

    private final EventChecks checks;

    private final EventPublisher publisher;

    private final Clock clock;

    EventController(PatientAccess access, EventChecks checks, EventPublisher publisher, Clock clock) {
        this.access = access;
        this.checks = checks;
        this.publisher = publisher;
        this.clock = clock;
    }

    @PostMapping("/doses")
    CompletableFuture<ResponseEntity<EventAccepted>> doseTaken(
            @PathVariable @Pattern(regexp = PatientIds.PATTERN, message = PatientIds.MESSAGE) String patientId,
            @RequestBody DoseRequest dose, Authentication caller,
            @RequestAttribute(name = IntakeMetrics.ARRIVAL, required = false) Timer.Sample arrival) {
        access.requireEventWrite(caller, patientId);
        checks.check(dose);
        DoseTaken event = toEvent(patientId, dose, clock.instant());
        return publisher.publish(Topics.DOSE_EVENTS, patientId, event.eventId(), event, arrival)
                .thenApply(done -> accepted(new EventAccepted(event.eventId())));
    }

    @PostMapping("/symptoms")
    CompletableFuture<ResponseEntity<EventAccepted>> symptomsReported(
            @PathVariable @Pattern(regexp = PatientIds.PATTERN, message = PatientIds.MESSAGE) String patientId,
            @RequestBody SymptomRequest report, Authentication caller,
            @RequestAttribute(name = IntakeMetrics.ARRIVAL, required = false) Timer.Sample arrival) {
        access.requireEventWrite(caller, patientId);
        checks.check(report);
        SymptomsReported event = toEvent(patientId, report, clock.instant());
        return publisher.publish(Topics.SYMPTOM_EVENTS, patientId, event.eventId(), event, arrival)
                .thenApply(done -> accepted(new EventAccepted(event.eventId())));
    }

    @PostMapping("/events:batch")
    CompletableFuture<ResponseEntity<BatchAccepted>> batch(
            @PathVariable @Pattern(regexp = PatientIds.PATTERN, message = PatientIds.MESSAGE) String patientId,
            @RequestBody BatchRequest batch, Authentication caller,
            @RequestAttribute(name = IntakeMetrics.ARRIVAL, required = false) Timer.Sample arrival) {
        access.requireEventWrite(caller, patientId);
        checks.check(batch);
        Instant receivedAt = clock.instant();
        List<PatientEvent> events = new ArrayList<>();
        List<BatchAccepted.ItemResult> results = new ArrayList<>();
        for (int i = 0; i < batch.doses().size(); i++) {
            DoseTaken event = toEvent(patientId, batch.doses().get(i), receivedAt);
            events.add(event);
            results.add(BatchAccepted.ItemResult.accepted("dose", i, event.eventId()));
        }
        for (int i = 0; i < batch.symptoms().size(); i++) {
            SymptomsReported event = toEvent(patientId, batch.symptoms().get(i), receivedAt);
            events.add(event);
            results.add(BatchAccepted.ItemResult.accepted("symptom", i, event.eventId()));
        }
        return publisher.publishAll(patientId, events, arrival)
                .thenApply(done -> accepted(new BatchAccepted(results)));
    }

    private static DoseTaken toEvent(String patientId, DoseRequest dose, Instant receivedAt) {
        return DoseTaken.of(dose.eventId().toString(), patientId, CoveredDrugs.normalize(dose.drug()),
                dose.doseMg(), dose.takenAt(), receivedAt);
    }

    private static SymptomsReported toEvent(String patientId, SymptomRequest report, Instant receivedAt) {
        return SymptomsReported.of(report.eventId().toString(), patientId, report.symptoms(), report.observedAt(),
                report.note(), receivedAt);
    }

    private static <T> ResponseEntity<T> accepted(T body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}
