package org.adherence.rules.prescription;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class PrescriptionExceededRuleTest {

    @Test
    void nothingWithoutAPrescription() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.dose("15", at(0, "08:00"))).isEmpty();
    }

    @Test
    void theprescribedDoseIsAllowedAndHalfAMilligramMoreIsNot() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        assertThat(patient.dose("10", at(0, "08:00"))).isEmpty();

        List<Finding> findings = patient.dose("d-2", "10.5", "baclofen", at(0, "14:00"));

        assertThat(findings).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.PRESCRIPTION_EXCEEDED, "p-1", "2026-11-24"),
                RuleId.PRESCRIPTION_EXCEEDED,
                at(0, "14:00").toInstant(),
                "10.5 mg of baclofen taken at 2026-11-24 14:00 (+01:00), more than the prescribed dose; the "
                        + "prescription is 10 mg 3 times a day (30 mg a day).",
                "Take medicine as advised and follow all the instructions carefully. Do not take a higher dose or "
                        + "longer than is advised.",
                new AlertEvidence(findings.get(0).evidence().eventIds(), new BigDecimal("10.5"), new BigDecimal("10"),
                        at(0, "00:00"), at(0, "14:00"), List.of()),
                "baclofen@1"));
        assertThat(findings.get(0).evidence().eventIds()).hasSize(2).endsWith("d-2");
    }

    @Test
    void aDaysTotalAboveThePrescribedDailyDoseFiresOncePerLocalDay() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        for (String time : List.of("08:00", "14:00", "20:00")) {
            patient.dose("10", at(0, time));
        }
        assertThat(patient.raised()).isEmpty();

        assertThat(patient.dose("10", at(0, "23:00"))).extracting(Finding::rule, Finding::summary)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RuleId.PRESCRIPTION_EXCEEDED,
                        "40 mg of baclofen taken on 2026-11-24 by 2026-11-24 23:00 (+01:00), more than the prescribed "
                                + "daily dose; the prescription is 10 mg 3 times a day (30 mg a day)."));
        assertThat(patient.dose("10", at(0, "23:30"))).as("the same local day")
                .noneMatch(f -> f.rule() == RuleId.PRESCRIPTION_EXCEEDED);
        patient.dose("15", at(1, "08:00"));
        assertThat(patient.raised()).filteredOn(f -> f.rule() == RuleId.PRESCRIPTION_EXCEEDED)
                .extracting(Finding::alertId).containsExactly(
                AlertIds.of("baclofen@1", RuleId.PRESCRIPTION_EXCEEDED, "p-1", "2026-11-24"),
                AlertIds.of("baclofen@1", RuleId.PRESCRIPTION_EXCEEDED, "p-1", "2026-11-25"));
    }

    @Test
    void aPrescriptionThatArrivesAfterTheDosesStillYieldsItsFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));

        assertThat(patient.profile(Scenario.BERLIN, prescription("10", 3))).extracting(Finding::rule)
                .containsExactly(RuleId.PRESCRIPTION_EXCEEDED);
        assertThat(patient.profile(Scenario.BERLIN, prescription("10", 3))).as("the same profile again").isEmpty();
    }

    @Test
    void twoPrescriptionsInForceAreJudgedTogether() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("5", 1), prescription("10", 3));
        for (String time : List.of("08:00", "14:00", "20:00")) {
            assertThat(patient.dose("10", at(0, time))).as("10 mg is the larger prescription's dose").isEmpty();
        }
        assertThat(patient.dose("5", at(0, "22:00"))).as("35 mg, as prescribed together").isEmpty();

        assertThat(patient.dose("5", at(0, "23:00"))).filteredOn(f -> f.rule() == RuleId.PRESCRIPTION_EXCEEDED)
                .singleElement().extracting(Finding::summary).isEqualTo(
                "40 mg of baclofen taken on 2026-11-24 by 2026-11-24 23:00 (+01:00), more than the prescribed daily "
                        + "dose; the prescriptions are 5 mg once a day and 10 mg 3 times a day (35 mg a day).");
    }
}
