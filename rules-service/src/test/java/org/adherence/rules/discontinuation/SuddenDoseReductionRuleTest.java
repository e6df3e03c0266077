package org.adherence.rules.discontinuation;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class SuddenDoseReductionRuleTest {

    /** Three days of 3 × 10 mg from 2026-11-24, then one dose of {@code mg} on 2026-11-27 at 08:00. */
    private static Scenario reducedTo(String mg, Prescription... prescriptions) {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescriptions);
        for (int day = 0; day < 3; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("d" + day + "-" + time, "10", "baclofen", at(day, time));
            }
        }
        patient.dose("low", mg, "baclofen", at(3, "08:00"));
        return patient;
    }

    private static List<Finding> reductions(List<Finding> findings) {
        return findings.stream().filter(f -> f.rule() == RuleId.SUDDEN_DOSE_REDUCTION).toList();
    }

    @Test
    void halfTheMeanIsNoSuddenReduction() {
        Scenario patient = reducedTo("15");

        assertThat(reductions(patient.scanAt(at(4, "00:00")))).isEmpty();
    }

    @Test
    void lessThanHalfFiresOnceTheLocalDayHasEndedWithTheWholeFinding() {
        Scenario patient = reducedTo("14.5");

        assertThat(reductions(patient.scanAt(at(3, "23:59")))).as("the day has not ended").isEmpty();
        assertThat(reductions(patient.scanAt(at(4, "00:00")))).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.SUDDEN_DOSE_REDUCTION, "p-1", "2026-11-27"),
                RuleId.SUDDEN_DOSE_REDUCTION,
                at(4, "00:00").toInstant(),
                "14.5 mg of baclofen taken on 2026-11-27, less than half the 30 mg a day of the 3 days before: the dose "
                        + "was lowered suddenly.",
                "Do not stop taking medicine suddenly or lower the dose on your own.",
                new AlertEvidence(List.of("low"), new BigDecimal("14.5"), new BigDecimal("15"), at(3, "00:00"),
                        at(4, "00:00"), List.of()),
                "baclofen@1"));
        assertThat(reductions(patient.scanAt(at(5, "00:00")))).as("once per local day").isEmpty();
    }

    @Test
    void aReductionToWhatThePrescriptionAdvisesIsNone() {
        Scenario patient = reducedTo("10", prescription("5", 2));

        assertThat(reductions(patient.scanAt(at(4, "00:00")))).isEmpty();
    }

    @Test
    void aReductionBelowThePrescribedDailyDoseFires() {
        Scenario patient = reducedTo("10", prescription("10", 3));

        assertThat(reductions(patient.scanAt(at(4, "00:00")))).hasSize(1);
    }

    @Test
    void lessOnThePrescriptionsLastDayOrAfterItEndedIsWhatWasAdvised() {
        Prescription endingOnTheFourthDay = new Prescription("baclofen", BigDecimal.TEN, 3, Scenario.DAY.minusDays(30),
                Scenario.DAY.plusDays(3));
        Scenario patient = reducedTo("10", endingOnTheFourthDay);
        assertThat(reductions(patient.scanAt(at(4, "00:00")))).as("its last day").isEmpty();

        Scenario after = reducedTo("30", endingOnTheFourthDay);
        after.dose("left-over", "10", "baclofen", at(4, "08:00"));
        assertThat(reductions(after.scanAt(at(5, "00:00")))).as("the day after").isEmpty();
    }
}
