package org.adherence.rules;

import static org.adherence.contracts.codes.Symptom.HALLUCINATIONS;
import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

/** The examples of RULES.md, word for word, through the engine on a simulated wall clock. */
class RulesExamplesTest {

    /**
     * "20 mg at 08:00, 12:00, 16:00 and 20:00: 80 mg, four doses, no finding. 10 mg more at 22:00:
     * DAILY_MAX_EXCEEDED and TOO_MANY_DOSES. 10 mg more at 23:00: nothing new."
     */
    @Test
    void eightyMilligramsInFourDosesThenTenMoreThenTenMore() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("20", at(0, time));
        }
        assertThat(patient.raised()).as("80 mg, four doses, no finding").isEmpty();

        assertThat(patient.dose("10", at(0, "22:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.DAILY_MAX_EXCEEDED, RuleId.TOO_MANY_DOSES);
        // the daily limits fire at most once per 24 h; the dose at 23:00 is also one hour after the one at 22:00,
        // but a double dose inside a window that already breaks a daily limit is inhibited by that finding
        assertThat(patient.dose("10", at(0, "23:00"))).as("nothing new").isEmpty();
    }

    /** "10 mg three times a day, every day, prescription 10 mg × 3: no finding, ever." */
    @Test
    void tenMilligramsThreeTimesADayUnderThatPrescriptionNeverRaisesAFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        for (int day = 0; day < 40; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("10", at(day, time));
                patient.scanUntil(at(day, time).plusHours(5), Duration.ofMinutes(30));
            }
        }

        assertThat(patient.raised()).isEmpty();
    }

    /**
     * "10 mg three times a day for five days, then nothing: ABRUPT_DISCONTINUATION 24 h after the last dose;
     * HALLUCINATIONS reported two days later: WITHDRAWAL_SIGNS; a dose the day after: DOSING_RESUMED."
     */
    @Test
    void fiveDaysThenNothingThenHallucinationsThenADose() {
        Scenario patient = Scenario.patient("p-1");
        for (int day = 0; day < 5; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("10", at(day, time));
            }
        }

        assertThat(patient.scanUntil(at(5, "19:59"), Duration.ofMinutes(1))).isEmpty();
        List<Finding> stop = patient.scanUntil(at(5, "20:00"), Duration.ofMinutes(1));
        assertThat(stop).extracting(Finding::rule).containsExactly(RuleId.ABRUPT_DISCONTINUATION);
        assertThat(stop.get(0).anchor()).isEqualTo(at(5, "20:00").toInstant());

        assertThat(patient.scanUntil(at(7, "20:00"), Duration.ofMinutes(1))).isEmpty();
        assertThat(patient.symptoms(at(7, "20:00"), HALLUCINATIONS)).extracting(Finding::rule)
                .containsExactly(RuleId.WITHDRAWAL_SIGNS);
        assertThat(patient.dose("10", at(8, "08:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.DOSING_RESUMED);
        assertThat(patient.raised()).extracting(Finding::rule).containsExactly(RuleId.ABRUPT_DISCONTINUATION,
                RuleId.WITHDRAWAL_SIGNS, RuleId.DOSING_RESUMED);
    }
}
