package org.adherence.rules.overdose;

import static org.adherence.contracts.codes.Symptom.BREATHLESSNESS;
import static org.adherence.contracts.codes.Symptom.HEADACHE;
import static org.adherence.contracts.codes.Symptom.MUSCLE_WEAKNESS;
import static org.adherence.contracts.codes.Symptom.SEIZURE;
import static org.adherence.contracts.codes.Symptom.UNCONSCIOUSNESS;
import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class OverdoseSignsRuleTest {

    @Test
    void breathlessnessIsACriticalOverdoseSignWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");

        List<Finding> findings = patient.symptoms("s-1", at(0, "09:30"), BREATHLESSNESS, HEADACHE);

        // the headache is a common side effect of its own (SideEffectRulesTest)
        assertThat(findings).extracting(Finding::rule)
                .containsExactly(RuleId.OVERDOSE_SIGNS, RuleId.SIDE_EFFECT_REPORTED);
        assertThat(findings.get(0)).isEqualTo(new Finding(
                AlertIds.of("baclofen@1", RuleId.OVERDOSE_SIGNS, "p-1", "s-1"),
                RuleId.OVERDOSE_SIGNS,
                at(0, "09:30").toInstant(),
                "Reported breathlessness at 2026-11-24 09:30 (+01:00): possible signs of a baclofen overdose.",
                "Some symptoms of overdose include muscle weakness, breathlessness, being unconscious for a long "
                        + "time (coma) and seizures.",
                new AlertEvidence(List.of("s-1"), null, null, at(0, "09:30"), at(0, "09:30"),
                        List.of(BREATHLESSNESS)),
                "baclofen@1"));
        assertThat(RuleId.OVERDOSE_SIGNS.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void seizureAndUnconsciousnessAreOverdoseSignsOncePerReport() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.symptoms("s-1", at(0, "09:30"), SEIZURE, UNCONSCIOUSNESS))
                .singleElement().extracting(Finding::summary).isEqualTo("Reported seizure and unconsciousness at "
                        + "2026-11-24 09:30 (+01:00): possible signs of a baclofen overdose.");
        assertThat(patient.symptoms("s-1", at(0, "09:30"), SEIZURE, UNCONSCIOUSNESS)).isEmpty();
    }

    @Test
    void muscleWeaknessAloneIsNoOverdoseSign() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));

        assertThat(patient.symptoms(at(0, "09:00"), MUSCLE_WEAKNESS)).isEmpty();
    }

    @Test
    void muscleWeaknessWithinTwentyFourHoursAfterADoseLimitFindingIsAnOverdoseSign() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("d-1", "30", "baclofen", at(0, "08:00"));

        List<Finding> findings = patient.symptoms("s-1", at(1, "08:00"), MUSCLE_WEAKNESS);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.summary()).isEqualTo("Reported muscle weakness at 2026-11-25 08:00 (+01:00), within "
                    + "24 hours after SINGLE_DOSE_ABOVE_MAX: possible signs of a baclofen overdose.");
            assertThat(finding.evidence()).isEqualTo(new AlertEvidence(List.of("d-1", "s-1"), null, null,
                    at(0, "08:00"), at(1, "08:00"), List.of(MUSCLE_WEAKNESS)));
        });
    }

    @Test
    void muscleWeaknessMoreThanTwentyFourHoursAfterTheFindingIsNot() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("30", at(0, "08:00"));

        assertThat(patient.symptoms(at(1, "08:01"), MUSCLE_WEAKNESS)).isEmpty();
    }

    @Test
    void aLateOverdoseTurnsAnEarlierMuscleWeaknessReportIntoAnOverdoseSign() {
        Scenario patient = Scenario.patient("p-1");
        assertThat(patient.symptoms("s-1", at(0, "12:00"), MUSCLE_WEAKNESS)).isEmpty();

        List<Finding> findings = patient.dose("late", "40", "baclofen", at(0, "08:00"));

        assertThat(findings).extracting(Finding::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.OVERDOSE_SIGNS);
        assertThat(findings.get(1).alertId()).isEqualTo(AlertIds.of("baclofen@1", RuleId.OVERDOSE_SIGNS, "p-1", "s-1"));
    }
}
