package org.adherence.rules.dosing;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class DoubleDoseRuleTest {

    @Test
    void dosesTwoHoursApartAreAllowed() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("10", at(0, "08:00"));

        assertThat(patient.dose("10", at(0, "10:00"))).isEmpty();
    }

    @Test
    void aDoseLessThanTwoHoursAfterTheOneBeforeFiresWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN);
        patient.dose("d-1", "10", "baclofen", at(0, "08:00"));

        List<Finding> findings = patient.dose("d-2", "10", "baclofen", at(0, "09:59"));

        assertThat(findings).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.DOUBLE_DOSE, "p-1", "d-2"),
                RuleId.DOUBLE_DOSE,
                at(0, "09:59").toInstant(),
                "10 mg of baclofen taken at 2026-11-24 09:59 (+01:00), 1 hour 59 minutes after the 10 mg taken at "
                        + "2026-11-24 08:00 (+01:00); doses are at least 2 hours apart.",
                "If it is almost time for the next dose, do not take the missed dose and continue with your next "
                        + "scheduled dose. Do not take a double dose to compensate for the missed dose.",
                new AlertEvidence(List.of("d-1", "d-2"), new BigDecimal("20"), null, at(0, "08:00"), at(0, "09:59"),
                        List.of()),
                "baclofen@1"));
    }

    @Test
    void firesOncePerDoseAlsoWhenALateDoseFallsBetween() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("d-1", "10", "baclofen", at(0, "08:00"));
        assertThat(patient.dose("d-3", "10", "baclofen", at(0, "09:00"))).extracting(Finding::alertId)
                .containsExactly(AlertIds.of("baclofen@1", RuleId.DOUBLE_DOSE, "p-1", "d-3"));

        List<Finding> late = patient.dose("d-2", "10", "baclofen", at(0, "08:30"));

        assertThat(late).extracting(Finding::alertId)
                .containsExactly(AlertIds.of("baclofen@1", RuleId.DOUBLE_DOSE, "p-1", "d-2"));
        assertThat(patient.dose("d-2", "10", "baclofen", at(0, "08:30"))).isEmpty();
    }

    @Test
    void aDoubleDoseRightAtTheDailyLimitsStillFires() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));
        patient.dose("20", at(0, "12:00"));
        patient.dose("20", at(0, "20:00"));

        // 80 mg in four doses breaks neither daily limit, so nothing covers the double dose
        assertThat(patient.dose("20", at(0, "21:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.DOUBLE_DOSE);
    }

    @Test
    void aDoubleDoseThatBreaksTheDailyMaximumIsCoveredByThatHigherFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));
        patient.dose("20", at(0, "12:00"));
        patient.dose("20", at(0, "20:00"));

        assertThat(patient.dose("20.5", at(0, "21:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.DAILY_MAX_EXCEEDED);
    }

    @Test
    void aDoubleDoseThatIsOneDoseTooManyIsStillADoubleDose() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("5", at(0, time));
        }

        // only the HIGH daily maximum covers a double dose: a WARNING does not inhibit another WARNING
        assertThat(patient.dose("5", at(0, "21:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.TOO_MANY_DOSES, RuleId.DOUBLE_DOSE);
    }
}
