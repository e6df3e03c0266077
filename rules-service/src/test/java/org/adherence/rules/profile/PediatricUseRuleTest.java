package org.adherence.rules.profile;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class PediatricUseRuleTest {

    @Test
    void aPatientTwelveThatDayIsNoChild() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(LocalDate.of(2014, 11, 24), Scenario.BERLIN, Set.of(), Set.of());

        assertThat(patient.dose("10", at(0, "00:30"))).isEmpty();
    }

    @Test
    void aPatientTurningTwelveTomorrowFiresOncePerLocalDay() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(LocalDate.of(2014, 11, 25), Scenario.BERLIN, Set.of(), Set.of());

        List<Finding> first = patient.dose("d-1", "10", "baclofen", at(0, "08:00"));
        List<Finding> second = patient.dose("d-2", "10", "baclofen", at(0, "14:00"));

        assertThat(first).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.PEDIATRIC_USE, "p-1", "2026-11-24"),
                RuleId.PEDIATRIC_USE,
                at(0, "08:00").toInstant(),
                "10 mg of baclofen taken on 2026-11-24 (first dose at 2026-11-24 08:00 (+01:00)) by a patient aged 11 "
                        + "(born 2014-11-25), younger than 12.",
                "The use of the medicine is not studied in children below 12 years of age and thus shouldn't be used "
                        + "by them.",
                new AlertEvidence(List.of("d-1"), new BigDecimal("10"), null, at(0, "08:00"), at(0, "08:00"),
                        List.of()),
                "baclofen@1"));
        assertThat(second).isEmpty();
        assertThat(patient.dose("10", at(1, "08:00"))).as("twelve now").isEmpty();
    }

    @Test
    void aProfileThatArrivesAfterTheDosesStillYieldsTheFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("10", at(0, "08:00"));
        patient.dose("10", at(1, "08:00"));

        assertThat(patient.profile(LocalDate.of(2016, 1, 1), Scenario.BERLIN, Set.of(), Set.of()))
                .extracting(Finding::rule).containsExactly(RuleId.PEDIATRIC_USE, RuleId.PEDIATRIC_USE);
    }
}
