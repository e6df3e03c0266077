package org.adherence.rules.dosing;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class SingleDoseAboveMaxRuleTest {

    @Test
    void twentyMilligramsIsAllowed() {
        assertThat(Scenario.patient("p-1").dose("20", at(0, "08:00"))).isEmpty();
    }

    @Test
    void firesJustAboveTwentyMilligramsWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");

        List<Finding> findings = patient.dose("dose-1", "20.5", "baclofen", at(0, "08:00"));

        assertThat(findings).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, "p-1", "dose-1"),
                RuleId.SINGLE_DOSE_ABOVE_MAX,
                at(0, "08:00").toInstant(),
                "20.5 mg of baclofen taken at 2026-11-24 08:00 (+01:00); the maximum single dose is 20 mg.",
                "Baclofen is taken as 5 to 20 mg per dose; a single dose above 20 mg is more than the guidance allows.",
                new AlertEvidence(List.of("dose-1"), new BigDecimal("20.5"), new BigDecimal("20"), at(0, "08:00"),
                        at(0, "08:00"), List.of()),
                "baclofen@1"));
    }

    @Test
    void firesOncePerDoseEvenWhenTheDoseIsPostedAgain() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.dose("dose-1", "25", "baclofen", at(0, "08:00"))).hasSize(1);
        assertThat(patient.dose("dose-1", "25", "baclofen", at(0, "08:00"))).isEmpty();
        assertThat(patient.dose("dose-2", "25", "baclofen", at(0, "14:00")))
                .extracting(Finding::rule).containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX);
    }

    @Test
    void writesTimesInThePatientsTimeZoneOnceTheProfileIsKnown() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(ZoneId.of("America/New_York"));

        List<Finding> findings = patient.dose("dose-1", "30", "baclofen", at(0, "08:00"));

        assertThat(findings).singleElement().extracting(Finding::summary)
                .isEqualTo("30 mg of baclofen taken at 2026-11-24 02:00 (-05:00); the maximum single dose is 20 mg.");
    }
}
