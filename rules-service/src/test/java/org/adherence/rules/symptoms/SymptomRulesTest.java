package org.adherence.rules.symptoms;

import static org.adherence.contracts.codes.Symptom.CHEST_PAIN;
import static org.adherence.contracts.codes.Symptom.CONFUSION;
import static org.adherence.contracts.codes.Symptom.DIZZINESS;
import static org.adherence.contracts.codes.Symptom.HALLUCINATIONS;
import static org.adherence.contracts.codes.Symptom.HEADACHE;
import static org.adherence.contracts.codes.Symptom.SEIZURE;
import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

/** WITHDRAWAL_SIGNS, SERIOUS_SIDE_EFFECT, SIDE_EFFECT_REPORTED and their precedence with OVERDOSE_SIGNS. */
class SymptomRulesTest {

    /** Three days of 3 × 10 mg from 2026-11-24, stopped: ABRUPT_DISCONTINUATION at 2026-11-27 20:00 (+01:00). */
    private static Scenario stopped() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN);
        for (int day = 0; day < 3; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("d" + day + "-" + time, "10", "baclofen", at(day, time));
            }
        }
        assertThat(patient.scanAt(at(3, "20:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.ABRUPT_DISCONTINUATION);
        return patient;
    }

    @Test
    void aRareSideEffectIsSeriousWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.symptoms("s-1", at(0, "09:30"), CHEST_PAIN, DIZZINESS)).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.SERIOUS_SIDE_EFFECT, "p-1", "s-1"),
                RuleId.SERIOUS_SIDE_EFFECT,
                at(0, "09:30").toInstant(),
                "Reported chest pain at 2026-11-24 09:30 (+01:00): a rare, serious side effect of baclofen.",
                "Rare side effects of Baclofen include chest pain, mood changes or depression, hearing or seeing things "
                        + "that are not present, dark or bloody urine, fainting, skin itching or rash, and buzzing or "
                        + "ringing in the ears. Please consult your doctor to know more about other possible side "
                        + "effects.",
                new AlertEvidence(List.of("s-1"), null, null, at(0, "09:30"), at(0, "09:30"), List.of(CHEST_PAIN)),
                "baclofen@1"));
        assertThat(patient.symptoms("s-1", at(0, "09:30"), CHEST_PAIN)).as("once per report").isEmpty();
    }

    @Test
    void aCommonSideEffectIsInformationAndAMultipleSclerosisSymptomIsNothing() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.symptoms(at(0, "09:30"), DIZZINESS)).isEmpty();
        assertThat(patient.symptoms(at(0, "10:30"), HEADACHE, CONFUSION)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleId.SIDE_EFFECT_REPORTED);
            assertThat(f.summary()).isEqualTo(
                    "Reported headache and confusion at 2026-11-24 10:30 (+01:00): a more common side effect of "
                            + "baclofen.");
        });
    }

    @Test
    void withinSevenDaysAfterAStopASeizureIsAWithdrawalSignNotAnOverdoseSign() {
        Scenario patient = stopped();

        List<Finding> findings = patient.symptoms("s-1", at(10, "20:00"), SEIZURE);

        assertThat(findings).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.WITHDRAWAL_SIGNS, "p-1", "s-1"),
                RuleId.WITHDRAWAL_SIGNS,
                at(10, "20:00").toInstant(),
                "Reported seizure at 2026-12-04 20:00 (+01:00), 7 days after the sudden stop noticed at "
                        + "2026-11-27 20:00 (+01:00): possible signs of baclofen withdrawal.",
                "Do not stop taking medicine suddenly or lower the dose on your own.",
                new AlertEvidence(List.of("d2-20:00", "s-1"), null, null, at(3, "20:00"), at(10, "20:00"),
                        List.of(SEIZURE)),
                "baclofen@1"));
    }

    @Test
    void moreThanSevenDaysAfterAStopASeizureIsAnOverdoseSignAgain() {
        Scenario patient = stopped();

        assertThat(patient.symptoms(at(10, "20:01"), SEIZURE)).extracting(Finding::rule)
                .containsExactly(RuleId.OVERDOSE_SIGNS);
    }

    @Test
    void withinTheWindowHallucinationsAndConfusionAreWithdrawalSignsOnlyAndAHeadacheStaysASideEffect() {
        Scenario patient = stopped();

        assertThat(patient.symptoms(at(5, "09:00"), HALLUCINATIONS, CONFUSION, HEADACHE))
                .extracting(Finding::rule, f -> f.evidence().symptoms())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RuleId.WITHDRAWAL_SIGNS, List.of(HALLUCINATIONS, CONFUSION)),
                        org.assertj.core.groups.Tuple.tuple(RuleId.SIDE_EFFECT_REPORTED, List.of(HEADACHE)));
    }

    @Test
    void aReportBeforeTheStopWasNoticedIsNoWithdrawalSign() {
        Scenario patient = stopped();

        assertThat(patient.symptoms(at(3, "19:00"), HALLUCINATIONS)).extracting(Finding::rule)
                .containsExactly(RuleId.SERIOUS_SIDE_EFFECT);
    }
}
