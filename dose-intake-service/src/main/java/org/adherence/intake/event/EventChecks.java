package org.adherence.intake.event;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.drug.CoveredDrugs;
import org.adherence.intake.problem.FieldProblem;
import org.adherence.intake.problem.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * The checks that need more than the body itself: the clock (how old or how far ahead an event may be) and the
 * rule packs (which drugs are covered). A request fails as a whole, naming every bad field.
 */
@Component
public class EventChecks {

    private final Clock clock;

    private final IntakeProperties properties;

    private final CoveredDrugs coveredDrugs;

    public EventChecks(Clock clock, IntakeProperties properties, CoveredDrugs coveredDrugs) {
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
        List<FieldProblem> invalid = new ArrayList<>();
        List<FieldProblem> uncovered = new ArrayList<>();
        for (int i = 0; i < batch.doses().size(); i++) {
            DoseRequest dose = batch.doses().get(i);
            checkTime("doses[" + i + "].takenAt", dose.takenAt(), now, invalid);
            checkDrug("doses[" + i + "].drug", dose.drug(), uncovered);
        }
        for (int i = 0; i < batch.symptoms().size(); i++) {
            checkTime("symptoms[" + i + "].observedAt", batch.symptoms().get(i).observedAt(), now, invalid);
        }
        throwIfAny(invalid, uncovered);
    }

    public void check(DoseRequest dose) {
        List<FieldProblem> invalid = new ArrayList<>();
        List<FieldProblem> uncovered = new ArrayList<>();
        checkTime("takenAt", dose.takenAt(), clock.instant(), invalid);
        checkDrug("drug", dose.drug(), uncovered);
        throwIfAny(invalid, uncovered);
    }

    public void check(SymptomRequest report) {
        List<FieldProblem> invalid = new ArrayList<>();
        checkTime("observedAt", report.observedAt(), clock.instant(), invalid);
        throwIfAny(invalid, List.of());
    }

    /** Checks the drug of each prescription of a profile; a profile about an uncovered drug would mislead. */
    public void checkPrescribedDrugs(List<String> drugs) {
        List<FieldProblem> uncovered = new ArrayList<>();
        for (int i = 0; i < drugs.size(); i++) {
            checkDrug("prescriptions[" + i + "].drug", drugs.get(i), uncovered);
        }
        throwIfAny(List.of(), uncovered);
    }

    private void checkTime(String field, OffsetDateTime time, Instant now, List<FieldProblem> problems) {
        if (time == null) {
            return;
        }
        Instant at = time.toInstant();
        if (at.isBefore(now.minus(properties.maxEventAge()))) {
            problems.add(new FieldProblem(field, "lies more than " + properties.maxEventAge().toDays()
                    + " days in the past"));
        }
        else if (at.isAfter(now.plus(properties.maxClockSkew()))) {
            problems.add(new FieldProblem(field, "lies more than " + properties.maxClockSkew().toMinutes()
                    + " minutes in the future"));
        }
    }

    private void checkDrug(String field, String drug, List<FieldProblem> problems) {
        if (drug != null && !drug.isBlank() && !coveredDrugs.covers(drug)) {
            problems.add(new FieldProblem(field, "'" + drug + "' is covered by no rule pack; covered: "
                    + String.join(", ", coveredDrugs.all())));
        }
    }

    private static void throwIfAny(List<FieldProblem> invalid, List<FieldProblem> uncovered) {
        if (!invalid.isEmpty()) {
            throw InvalidRequestException.invalid(invalid);
        }
        if (!uncovered.isEmpty()) {
            throw InvalidRequestException.uncoveredDrug(uncovered);
        }
    }
}
