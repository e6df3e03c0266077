package org.adherence.rules.prescription;

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

class TitrationTooFastRuleTest {

    /** Day by day, from 2026-11-24: the amounts of each day's doses at 08:00, 14:00 and 20:00. */
    private static Scenario dosing(String... dailyDose) {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN);
        for (int day = 0; day < dailyDose.length; day++) {
            for (String time : List.of("08:00", "14:00", "20:00")) {
                patient.dose("d" + day + "-" + time, dailyDose[day], "baclofen", at(day, time));
            }
        }
        patient.scanAt(at(dailyDose.length, "12:00"));
        return patient;
    }

    @Test
    void risingEveryThreeDaysIsAllowed() {
        assertThat(titrations(dosing("5", "5", "5", "10", "10", "10", "15").raised())).isEmpty();
    }

    @Test
    void aRiseTwoDaysAfterTheLastFiresWithTheWholeFinding() {
        Scenario patient = dosing("5", "10", "10", "15");

        assertThat(titrations(patient.raised())).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.TITRATION_TOO_FAST, "p-1", "2026-11-27"),
                RuleId.TITRATION_TOO_FAST,
                at(3, "20:00").toInstant(),
                "The daily dose of baclofen rose to 45 mg on 2026-11-27 from 30 mg the day before, 2 days after the "
                        + "last rise on 2026-11-25; the dose is raised every 3 days at the fastest.",
                "Your doctor may increase the dose gradually every three days if required.",
                new AlertEvidence(List.of("d3-08:00", "d3-14:00", "d3-20:00"), new BigDecimal("45"),
                        new BigDecimal("30"), at(1, "00:00"), at(3, "20:00"), List.of()),
                "baclofen@1"));
    }

    @Test
    void firesOncePerRiseAndTheFirstDayOfUseIsNoRise() {
        Scenario patient = dosing("5", "10", "15", "20");

        assertThat(titrations(patient.raised())).extracting(Finding::alertId).containsExactly(
                AlertIds.of("baclofen@1", RuleId.TITRATION_TOO_FAST, "p-1", "2026-11-26"),
                AlertIds.of("baclofen@1", RuleId.TITRATION_TOO_FAST, "p-1", "2026-11-27"));
        assertThat(titrations(patient.scanAt(at(5, "12:00")))).isEmpty();
    }

    @Test
    void judgesOnlyOnTheWallClockScanNotOnEachArrivingDose() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("10", at(0, "08:00"));
        patient.dose("10", at(1, "08:00"));

        assertThat(patient.dose("10", at(1, "09:00"))).as("a rise, but judged on the scan")
                .noneMatch(f -> f.rule() == RuleId.TITRATION_TOO_FAST);
    }

    /** Only this rule's findings: a patient who then stops also gets ABRUPT_DISCONTINUATION, tested on its own. */
    private static List<Finding> titrations(List<Finding> findings) {
        return findings.stream().filter(f -> f.rule() == RuleId.TITRATION_TOO_FAST).toList();
    }

    @Test
    void anEveningDoseTakenJustAfterMidnightIsNoRise() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN);
        // 10 mg at 07:00, 15:00 and about 23:00: day totals 30, 20, 40, 20, 40 and 30 mg
        List<String> late = List.of("0|23:00", "2|00:30", "2|22:50", "4|00:20", "4|23:00", "5|22:30");
        for (int day = 0; day < 6; day++) {
            patient.dose("10", at(day, "07:00"));
            patient.dose("10", at(day, "15:00"));
        }
        for (String dose : late) {
            String[] dayAndTime = dose.split("\\|");
            patient.dose("10", at(Integer.parseInt(dayAndTime[0]), dayAndTime[1]));
        }

        assertThat(titrations(patient.scanAt(at(6, "12:00")))).isEmpty();
    }
}
