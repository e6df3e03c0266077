package org.adherence.rules;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

/**
 * A patient who moves: the days lived in the old zone keep their dates, the days after the move are days of the new
 * zone. The dose times are chosen so that the old days, grouped again in the new zone, would alternate between 2 and
 * 4 doses (MISSED_DOSES, PRESCRIPTION_EXCEEDED).
 */
class ZoneChangeTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static OffsetDateTime local(ZoneId zone, int dayOffset, String time) {
        return ZonedDateTime.of(Scenario.DAY.plusDays(dayOffset), LocalTime.parse(time), zone).toOffsetDateTime();
    }

    /** 10 mg three times a day in Berlin on days 0 to 9, each day scanned after it ended: no finding. */
    private static Scenario adherentInBerlin(String... times) {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        for (int day = 0; day < 10; day++) {
            for (String time : times) {
                // odd days a little after the given minute's hour, even days a little before (see the callers)
                patient.dose("10", at(day, time.startsWith("~") ? nearHour(time.substring(1), day) : time));
            }
            patient.scanAt(at(day + 1, "00:30"));
        }
        assertThat(patient.raised()).as("adherent in Berlin").isEmpty();
        return patient;
    }

    /** 10 minutes before the hour on even days, 10 minutes after it on odd days. */
    private static String nearHour(String hour, int day) {
        return LocalTime.parse(hour).plusMinutes(day % 2 == 0 ? -10 : 10).toString();
    }

    @Test
    void theDaysLivedInBerlinAreNotJudgedAgainInLosAngelesAfterTheMoveAndTheDaysAfterItAreLosAngelesDays() {
        // 09:00 in Berlin is midnight in Los Angeles: the morning doses at 08:50 and 09:10 alternate between two
        // Los Angeles days, which would hold 2, 4, 2, 4 doses
        Scenario patient = adherentInBerlin("~09:00", "14:00", "20:00");

        patient.clockTo(at(10, "06:00"));
        patient.profile(LOS_ANGELES, prescription("10", 3));
        assertThat(patient.scanAt(at(10, "06:01"))).isEmpty();

        // in Los Angeles from its day 10 on, all doses but the one at 14:00 on day 12
        for (int day = 10; day < 14; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                if (day == 12 && time.equals("14:00")) {
                    continue;
                }
                patient.dose("10", local(LOS_ANGELES, day, time));
            }
        }
        patient.scanUntil(local(LOS_ANGELES, 14, "01:00"), Duration.ofHours(1));

        LocalDate missed = Scenario.DAY.plusDays(12);
        assertThat(patient.raised()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo(RuleId.MISSED_DOSES);
            assertThat(finding.alertId())
                    .isEqualTo(AlertIds.of("baclofen@1", RuleId.MISSED_DOSES, "p-1", missed.toString()));
            assertThat(finding.summary()).isEqualTo("2 of the 3 prescribed doses of baclofen taken on " + missed
                    + " (10 mg at 08:00, 10 mg at 20:00): 1 missed.");
            assertThat(finding.anchor()).isEqualTo(local(LOS_ANGELES, 13, "00:00").toInstant());
        });
    }

    @Test
    void aMoveEastStampedWithItsTimeCountsFromThenEvenWhenTheProfileArrivesLaterAndItsShortDayIsNoMissedDose() {
        // 14:00 in Berlin is midnight in Sydney: the midday doses at 13:50 and 14:10 would alternate between days
        Scenario patient = adherentInBerlin("08:00", "~14:00", "20:00");

        // the patient lands in Sydney on day 10 at 10:00 (midnight in Berlin): day 10 there has 14 hours and 2 doses
        OffsetDateTime moved = at(10, "00:00");
        patient.dose("10", local(SYDNEY, 10, "14:00"));
        patient.dose("10", local(SYDNEY, 10, "20:00"));
        // the profile comes a little later, stamped with the time of the move
        patient.profile(moved.toInstant(), LocalDate.of(1979, 3, 14), SYDNEY, Set.of(), Set.of(),
                prescription("10", 3));
        for (int day = 11; day < 14; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                patient.dose("10", local(SYDNEY, day, time));
            }
        }
        patient.scanUntil(local(SYDNEY, 14, "01:00"), Duration.ofHours(1));

        assertThat(patient.raised()).extracting(Finding::rule).isEmpty();
        assertThat(patient.history().zones()).hasSize(2);
    }

    @Test
    void aDoseMissedInBerlinBeforeTheMoveIsStillADayOfMissedDosesOfBerlin() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        patient.dose("10", at(0, "08:00"));
        patient.dose("10", at(0, "20:00"));
        for (int day = 1; day < 4; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                patient.dose("10", at(day, time));
            }
        }
        // the profile changes before the scan has judged day 0
        patient.profile(SYDNEY, prescription("10", 3));

        assertThat(patient.scanAt(at(3, "21:00"))).extracting(Finding::alertId)
                .containsExactly(AlertIds.of("baclofen@1", RuleId.MISSED_DOSES, "p-1", "2026-11-24"));
    }
}
