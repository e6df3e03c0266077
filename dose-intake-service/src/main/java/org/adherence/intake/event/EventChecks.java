package org.adherence.intake.event;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.Validator;

import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.drug.CoveredDrugs;
import org.adherence.intake.problem.FieldProblem;
import org.adherence.intake.problem.InvalidRequestException;
import org.adherence.intake.profile.ProfileRequest;
import org.springframework.stereotype.Component;

/**
 * Every check of a request body, run together so that one answer names every bad field: the constraints on the
 * request records, the clock (how old or how far ahead an event may be) and the rule packs (which drugs are
 * covered). Any invalid field makes a {@code 400}; only when all fields are valid does an uncovered drug make a
 * {@code 422}.
 */
@Component
public class EventChecks {

    private final Validator validator;

    private final Clock clock;

    private final IntakeProperties properties;

    private final CoveredDrugs coveredDrugs;

    public EventChecks(Validator validator, Clock clock, IntakeProperties properties, CoveredDrugs coveredDrugs) {
        this.validator = validator;
        this.clock = clock;
        this.properties = properties;
        this.coveredDrugs = coveredDrugs;
    }

    public void check(BatchRequest batch) {
        if (batch.size() == 0) {
            throw InvalidRequestException.invalid(List.of(new FieldProblem("$", "A batch needs at least one item.")));
        }
        if (batch.size() > properties.maxBatchItems()) {
            throw InvalidRequestException.invalid(List.of(new FieldProblem("$",
                    "A batch holds at most " + properties.maxBatchItems() + " items; this one has " + batch.size()
                            + ".")));
        }
        Instant now = clock.instant();
        Problems problems = new Problems(constraintsOf(batch));
        for (int i = 0; i < batch.doses().size(); i++) {
            DoseRequest dose = batch.doses().get(i);
            if (dose == null) {
                continue;
            }
            checkTime("doses[" + i + "].takenAt", dose.takenAt(), now, problems);
            checkDrug("doses[" + i + "].drug", dose.drug(), problems);
        }
        for (int i = 0; i < batch.symptoms().size(); i++) {
            SymptomRequest report = batch.symptoms().get(i);
            if (report != null) {
                checkTime("symptoms[" + i + "].observedAt", report.observedAt(), now, problems);
            }
        }
        problems.throwIfAny();
    }

    public void check(DoseRequest dose) {
        Problems problems = new Problems(constraintsOf(dose));
        checkTime("takenAt", dose.takenAt(), clock.instant(), problems);
        checkDrug("drug", dose.drug(), problems);
        problems.throwIfAny();
    }

    public void check(SymptomRequest report) {
        Problems problems = new Problems(constraintsOf(report));
        checkTime("observedAt", report.observedAt(), clock.instant(), problems);
        problems.throwIfAny();
    }

    /** A profile prescribing a drug no pack covers would mislead: the rules could not check it. */
    public void check(ProfileRequest profile) {
        Problems problems = new Problems(constraintsOf(profile));
        for (int i = 0; i < profile.prescriptions().size(); i++) {
            ProfileRequest.PrescriptionRequest prescription = profile.prescriptions().get(i);
            checkDrug("prescriptions[" + i + "].drug", prescription == null ? null : prescription.drug(), problems);
        }
        problems.throwIfAny();
    }

    private List<FieldProblem> constraintsOf(Object request) {
        return validator.validate(request).stream()
                // container elements (List<@NotNull Symptom>) are named by their index alone: symptoms[2]
                .map(violation -> new FieldProblem(
                        violation.getPropertyPath().toString().replaceAll("\\.?<[a-z ]+>", ""),
                        violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
    }

    private void checkTime(String field, OffsetDateTime time, Instant now, Problems problems) {
        if (time == null) {
            return;
        }
        Instant at = time.toInstant();
        if (at.isBefore(now.minus(properties.maxEventAge()))) {
            problems.invalid.add(new FieldProblem(field, "lies more than " + properties.maxEventAge().toDays()
                    + " days in the past"));
        }
        else if (at.isAfter(now.plus(properties.maxClockSkew()))) {
            problems.invalid.add(new FieldProblem(field, "lies more than " + properties.maxClockSkew().toMinutes()
                    + " minutes in the future"));
        }
    }

    private void checkDrug(String field, String drug, Problems problems) {
        if (drug != null && !drug.isBlank() && !coveredDrugs.covers(drug)) {
            problems.uncovered.add(new FieldProblem(field, "'" + drug + "' is covered by no rule pack; covered: "
                    + String.join(", ", coveredDrugs.all())));
        }
    }

    private static final class Problems {

        private final List<FieldProblem> invalid;

        private final List<FieldProblem> uncovered = new ArrayList<>();

        Problems(List<FieldProblem> constraintViolations) {
            this.invalid = new ArrayList<>(constraintViolations);
        }

        void throwIfAny() {
            if (!invalid.isEmpty()) {
                throw InvalidRequestException.invalid(invalid);
            }
            if (!uncovered.isEmpty()) {
                throw InvalidRequestException.uncoveredDrug(uncovered);
            }
        }
    }
}
