package org.adherence.rules.discontinuation;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class AbruptDiscontinuationRuleTest {

    /** 10 mg at 08:00, 14:00 and 20:00 on each of {@code days} days from 2026-11-24; the last is "d{days-1}-20:00". */
    private static Scenario dosedFor(int days, Prescription... prescriptions) {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescriptions);
        for (int day = 0; day < days; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("d" + day + "-" + time, "10", "baclofen", at(day, time));
            }
        }
        return patient;
    }

    @Test
    void firesTwentyFourHoursAfterTheLastDoseOfEstablishedUseAndNotAMinuteBefore() {
        Scenario patient = dosedFor(3);

        assertThat(patient.scanAt(at(3, "19:59"))).isEmpty();
        assertThat(patient.scanAt(at(3, "20:00"))).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.ABRUPT_DISCONTINUATION, "p-1", "d2-20:00"),
                RuleId.ABRUPT_DISCONTINUATION,
                at(3, "20:00").toInstant(),
                "No baclofen taken for 24 hours since 10 mg at 2026-11-26 20:00 (+01:00), after daily use on 3 days in "
                        + "a row (2026-11-24 to 2026-11-26): a sudden stop, with a risk of withdrawal.",
                "Do not stop taking medicine suddenly or lower the dose on your own.",
                new AlertEvidence(List.of("d2-20:00"), new BigDecimal("10"), null, at(2, "20:00"), at(3, "20:00"),
                        List.of()),
                "baclofen@1"));
        assertThat(patient.scanAt(at(5, "20:00"))).as("once per stop").isEmpty();
    }

    @Test
    void twoDaysOfUseAreNotEstablished() {
        Scenario patient = dosedFor(2);

        assertThat(patient.scanAt(at(4, "12:00"))).isEmpty();
    }

    @Test
    void aDoseWithinTheTwentyFourHoursIsNoStop() {
        Scenario patient = dosedFor(3);
        patient.dose("10", at(3, "20:00"));

        // (one dose on a day after three of 30 mg is a SUDDEN_DOSE_REDUCTION of its own)
        assertThat(patient.scanAt(at(4, "19:59"))).noneMatch(f -> f.rule() == RuleId.ABRUPT_DISCONTINUATION);
    }

    @Test
    void stoppingAtTheEndOfThePrescriptionIsWhatWasAdvised() {
        Scenario patient = dosedFor(3, new Prescription("baclofen", BigDecimal.TEN, 3, LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 26)));

        assertThat(patient.scanAt(at(4, "12:00"))).isEmpty();
    }

    @Test
    void aStopBeforeThePrescriptionEndsFires() {
        Scenario patient = dosedFor(3, new Prescription("baclofen", BigDecimal.TEN, 3, LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 12, 31)));

        assertThat(patient.scanAt(at(4, "12:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.ABRUPT_DISCONTINUATION);
    }

    @Test
    void aHistoryThatArrivesLateTellsOfTheStopInItAndOfTheResumption() {
        Scenario patient = dosedFor(3);
        patient.dose("back", "10", "baclofen", at(5, "08:00"));

        List<Finding> scan = patient.scanAt(at(5, "08:01"));

        assertThat(scan).extracting(Finding::rule)
                .containsExactly(RuleId.ABRUPT_DISCONTINUATION, RuleId.DOSING_RESUMED);
        assertThat(scan.get(1)).isEqualTo(new Finding(
                AlertIds.of("baclofen@1", RuleId.DOSING_RESUMED, "p-1", "d2-20:00"),
                RuleId.DOSING_RESUMED,
                at(5, "08:00").toInstant(),
                "10 mg of baclofen taken at 2026-11-29 08:00 (+01:00), the first dose since 2026-11-26 20:00 (+01:00) "
                        + "(2 days 12 hours earlier), after the sudden stop.",
                "Do not stop taking medicine suddenly or lower the dose on your own. Your doctor may increase the "
                        + "dose gradually every three days if required.",
                new AlertEvidence(List.of("d2-20:00", "back"), new BigDecimal("10"), null, at(2, "20:00"),
                        at(5, "08:00"), List.of()),
                "baclofen@1"));
        assertThat(patient.dose("10", at(5, "14:00"))).as("once per stop").isEmpty();
    }

    @Test
    void stoppingWhenThePrescriptionEndsIsWhatWasAdvisedAlsoWithAnotherPlannedAfterABreak() {
        Scenario patient = dosedFor(3,
                new Prescription("baclofen", BigDecimal.TEN, 3, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 26)),
                new Prescription("baclofen", BigDecimal.TEN, 3, LocalDate.of(2026, 12, 10), null));

        assertThat(patient.scanAt(at(4, "12:00"))).isEmpty();
    }
}
