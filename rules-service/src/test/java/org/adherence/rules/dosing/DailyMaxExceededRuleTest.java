package org.adherence.rules.dosing;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class DailyMaxExceededRuleTest {

    /** RULES.md: 20 mg at 08:00, 12:00, 16:00 and 20:00: 80 mg, four doses, no finding. */
    @Test
    void eightyMilligramsInFourDosesIsAllowed() {
        Scenario patient = Scenario.patient("p-1");

        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("20", at(0, time));
        }

        assertThat(patient.raised()).isEmpty();
    }

    /** RULES.md: 10 mg more at 22:00: DAILY_MAX_EXCEEDED; 10 mg more at 23:00: nothing new. */
    @Test
    void firesOnceWhenTheTotalPassesEightyAndNotAgainWithinTheWindow() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("d-" + time, "20", "baclofen", at(0, time));
        }

        List<Finding> at22 = dailyMax(patient.dose("d-22:00", "10", "baclofen", at(0, "22:00")));
        List<Finding> at23 = dailyMax(patient.dose("d-23:00", "10", "baclofen", at(0, "23:00")));

        assertThat(at22).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.DAILY_MAX_EXCEEDED, "p-1", "2026-11-24"),
                RuleId.DAILY_MAX_EXCEEDED,
                at(0, "22:00").toInstant(),
                "90 mg of baclofen in the 24 hours to 2026-11-24 22:00 (+01:00); the maximum is 80 mg.",
                "The maximum dose is 80 mg per day, taken as four doses of 20 mg.",
                new AlertEvidence(List.of("d-08:00", "d-12:00", "d-16:00", "d-20:00", "d-22:00"),
                        new BigDecimal("90"), new BigDecimal("80"), at(-1, "22:00"), at(0, "22:00"), List.of()),
                "baclofen@1"));
        assertThat(at23).isEmpty();
    }

    @Test
    void boundaryEightyIsAllowedEightyPointFiveIsNot() {
        Scenario allowed = Scenario.patient("p-1");
        allowed.dose("20", at(0, "08:00"));
        allowed.dose("20", at(0, "12:00"));
        allowed.dose("20", at(0, "16:00"));
        assertThat(allowed.dose("20", at(0, "20:00"))).isEmpty();

        Scenario exceeded = Scenario.patient("p-1");
        exceeded.dose("20", at(0, "08:00"));
        exceeded.dose("20", at(0, "12:00"));
        exceeded.dose("20", at(0, "16:00"));
        assertThat(exceeded.dose("20.5", at(0, "20:00"))).extracting(Finding::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.DAILY_MAX_EXCEEDED);
    }

    @Test
    void windowIsAnyTwentyFourHoursNotACalendarDay() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "14:00"));
        patient.dose("20", at(0, "18:00"));
        patient.dose("20", at(0, "22:00"));
        patient.dose("20", at(1, "02:00"));

        assertThat(dailyMax(patient.dose("10", at(1, "06:00")))).extracting(Finding::rule)
                .containsExactly(RuleId.DAILY_MAX_EXCEEDED);
    }

    @Test
    void dosesExactlyTwentyFourHoursApartAreNotInOneWindow() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));
        patient.dose("20", at(0, "12:00"));
        patient.dose("20", at(0, "16:00"));
        patient.dose("20", at(0, "20:00"));

        assertThat(patient.dose("20", at(1, "08:00"))).isEmpty();
    }

    @Test
    void aLateDoseRaisesAFindingAboutThePast() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("20", at(0, "08:00"));
        patient.dose("20", at(0, "12:00"));
        patient.dose("20", at(0, "16:00"));
        patient.dose("20", at(0, "20:00"));
        patient.dose("10", at(2, "08:00"));

        List<Finding> late = dailyMax(patient.dose("late", "15", "baclofen", at(0, "10:00")));

        assertThat(late).extracting(Finding::rule).containsExactly(RuleId.DAILY_MAX_EXCEEDED);
        assertThat(late.get(0).anchor()).isEqualTo(at(0, "20:00").toInstant());
        assertThat(late.get(0).summary()).startsWith("95 mg of baclofen in the 24 hours to 2026-11-24 20:00 (+01:00)");
    }

    @Test
    void firesAgainOnceAWholeWindowHasPassed() {
        Scenario patient = Scenario.patient("p-1");
        for (int day = 0; day < 2; day++) {
            for (String time : List.of("06:00", "10:00", "14:00", "18:00", "22:00")) {
                patient.dose("20", at(day, time));
            }
        }

        assertThat(dailyMax(patient.raised())).extracting(Finding::anchor)
                .containsExactly(at(0, "22:00").toInstant(), at(1, "22:00").toInstant());
    }

    @Test
    void givesTheSameAlertIdsWhateverTheArrivalOrderOfTheExample() {
        List<DoseTaken> doses = new ArrayList<>();
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            doses.add(Scenario.dose("d-" + time, "20", at(0, time)));
        }
        doses.add(Scenario.dose("d-22", "10", at(0, "22:00")));

        Scenario inOrder = Scenario.patient("p-1");
        doses.forEach(inOrder::replay);
        List<DoseTaken> reversed = new ArrayList<>(doses);
        Collections.reverse(reversed);
        Scenario backwards = Scenario.patient("p-1");
        reversed.forEach(backwards::replay);

        assertThat(backwards.raised()).extracting(Finding::alertId)
                .containsExactlyInAnyOrderElementsOf(inOrder.raised().stream().map(Finding::alertId).toList());
    }

    @Test
    void firesAgainForASecondDayOfOverdosingWhoseDosesAllFallWithinADayOfTheFirstFinding() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("20", at(0, time));
        }
        patient.dose("10", at(0, "22:00"));
        for (String time : List.of("08:00", "12:00", "16:00", "19:00")) {
            patient.dose("20", at(1, time));
        }

        List<Finding> second = dailyMax(patient.dose("20", at(1, "21:00")));

        // every window ending at a day-two dose lies within a day of the first finding; the one ending a day
        // after it, (day one 22:00, day two 22:00], holds 100 mg
        assertThat(second).singleElement().satisfies(finding -> {
            assertThat(finding.anchor()).isEqualTo(at(1, "22:00").toInstant());
            assertThat(finding.summary())
                    .isEqualTo("100 mg of baclofen in the 24 hours to 2026-11-25 22:00 (+01:00); the maximum is 80 mg.");
        });
        assertThat(dailyMax(patient.raised())).extracting(Finding::anchor)
                .containsExactly(at(0, "22:00").toInstant(), at(1, "22:00").toInstant());
    }

    /** Only this rule's findings: five doses in a day are also TOO_MANY_DOSES, tested on its own. */
    private static List<Finding> dailyMax(List<Finding> findings) {
        return findings.stream().filter(f -> f.rule() == RuleId.DAILY_MAX_EXCEEDED).toList();
    }
}
