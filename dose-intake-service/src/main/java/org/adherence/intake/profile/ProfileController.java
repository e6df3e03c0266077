package org.adherence.intake.profile;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.constraints.Pattern;

import io.micrometer.core.instrument.Timer;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.intake.clinic.Enrolments;
import org.adherence.intake.drug.CoveredDrugs;
import org.adherence.intake.event.EventChecks;
import org.adherence.intake.event.PatientIds;
import org.adherence.intake.metrics.IntakeMetrics;
import org.adherence.intake.publish.EventPublisher;
import org.adherence.intake.security.PatientAccess;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The latest profile of a patient, kept on the compacted profiles topic with the clinic of the care team that put it
 * (from its token, never from the body); answered once Kafka holds it and this instance's view of the owners has read
 * it back ({@link Enrolments}): the first {@code PUT} of an id enrols the patient in the caller's clinic.
 */
@RestController
class ProfileController {

    private final PatientAccess access;

    private final EventChecks checks;

    private final EventPublisher publisher;

    private final Enrolments enrolments;

    private final Clock clock;

    ProfileController(PatientAccess access, EventChecks checks, EventPublisher publisher, Enrolments enrolments,
                      Clock clock) {
        this.access = access;
        this.checks = checks;
        this.publisher = publisher;
        this.enrolments = enrolments;
        this.clock = clock;
    }

    @PutMapping(path = "/api/v1/patients/{patientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Void>> putProfile(
            @PathVariable @Pattern(regexp = PatientIds.PATTERN, message = PatientIds.MESSAGE) String patientId,
            @RequestBody ProfileRequest profile, Authentication caller,
            @RequestAttribute(name = IntakeMetrics.ARRIVAL, required = false) Timer.Sample arrival) {
        String clinic = access.requireProfileWrite(caller, patientId);
        checks.check(profile);
        PatientProfileUpdated event = PatientProfileUpdated.of(patientId, profile.birthDate(), profile.timeZone(),
                profile.careTeam().stream()
                        .map(member -> new CareTeamMember(member.name(), member.email(), member.role()))
                        .toList(),
                profile.prescriptions().stream()
                        .map(p -> new Prescription(CoveredDrugs.normalize(p.drug()), p.doseMg(), p.timesPerDay(),
                                p.startDate(), p.endDate()))
                        .toList(),
                profile.conditions(), profile.coMedications(), clock.instant(), clinic);
        return publisher.publish(Topics.PATIENT_PROFILES, patientId, "profile", event, arrival)
                .thenCompose(written -> enrolments.confirm(clinic, patientId, written))
                .thenApply(confirmed -> ResponseEntity.accepted().build());
    }
}
