package org.adherence.rules.prescription;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class MissedDosesRuleTest {

    @Test
    void allPrescribedDosesTakenIsNoFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        for (String time : List.of("08:00", "14:00", "20:00")) {
            patient.dose("10", at(0, time));
        }

        assertThat(patient.scanAt(at(1, "00:00"))).isEmpty();
    }

    @Test
    void aDayWithTooFewDosesFiresAtTheEndOfTheLocalDayWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        patient.dose("d-1", "10", "baclofen", at(0, "08:00"));
        patient.dose("d-2", "10", "baclofen", at(0, "14:00"));

        assertThat(patient.scanAt(at(0, "23:59"))).isEmpty();
        assertThat(patient.scanAt(at(1, "00:00"))).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.MISSED_DOSES, "p-1", "2026-11-24"),
                RuleId.MISSED_DOSES,
                at(1, "00:00").toInstant(),
                "2 of the 3 prescribed doses of baclofen taken on 2026-11-24 (10 mg at 08:00, 10 mg at 14:00): 1 missed.",
                "If you happen to miss a dose of Baclofen, take the missed dose as soon as you remember. However, if "
                        + "it is almost time for the next dose, do not take the missed dose and continue with your next "
                        + "scheduled dose. Do not take a double dose to compensate for the missed dose.",
                new AlertEvidence(List.of("d-1", "d-2"), new BigDecimal("20"), new BigDecimal("30"), at(0, "00:00"),
                        at(1, "00:00"), List.of()),
                "baclofen@1"));
        assertThat(patient.scanAt(at(2, "00:00"))).as("once per local day").isEmpty();
    }

    @Test
    void nothingWithoutAPrescription() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("10", at(0, "08:00"));

        assertThat(patient.scanAt(at(1, "12:00"))).isEmpty();
    }

    /** 2026-03-29 in Berlin has 23 hours: it ends at 22:00 UTC, not 23:00. */
    @Test
    void aLocalDayOfTwentyThreeHoursEndsAtLocalMidnight() {
        assertMissedDoseDayEnds(LocalDate.of(2026, 3, 29), OffsetDateTime.parse("2026-03-29T23:59:59+02:00"),
                OffsetDateTime.parse("2026-03-30T00:00:00+02:00"));
    }

    /** 2026-10-25 in Berlin has 25 hours: it ends at 23:00 UTC, an hour after a 24-hour day would. */
    @Test
    void aLocalDayOfTwentyFiveHoursEndsAtLocalMidnight() {
        assertMissedDoseDayEnds(LocalDate.of(2026, 10, 25), OffsetDateTime.parse("2026-10-25T23:59:59+01:00"),
                OffsetDateTime.parse("2026-10-26T00:00:00+01:00"));
    }

    private static void assertMissedDoseDayEnds(LocalDate day, OffsetDateTime justBefore, OffsetDateTime end) {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, new org.adherence.contracts.events.Prescription("baclofen",
                BigDecimal.TEN, 3, day.minusDays(10), null));
        // 00:30 and 23:30 local: both on the day, 22 or 24 hours apart in UTC
        patient.dose("early", "10", "baclofen", ZonedDateTime.of(day, LocalTime.of(0, 30), Scenario.BERLIN)
                .toOffsetDateTime());
        patient.dose("late", "10", "baclofen", ZonedDateTime.of(day, LocalTime.of(23, 30), Scenario.BERLIN)
                .toOffsetDateTime());

        assertThat(patient.scanAt(justBefore)).isEmpty();
        assertThat(patient.scanAt(end)).singleElement().satisfies(finding -> {
            assertThat(finding.alertId()).isEqualTo(AlertIds.of("baclofen@1", RuleId.MISSED_DOSES, "p-1",
                    day.toString()));
            assertThat(finding.evidence().eventIds()).containsExactly("early", "late");
            assertThat(finding.evidence().windowEnd()).isEqualTo(end);
        });
    }

    @Test
    void notOnAPrescriptionsFirstOrLastDayWhichThePatientMayStartOrEndAtNoon() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, new Prescription("baclofen", BigDecimal.TEN, 3, Scenario.DAY,
                Scenario.DAY.plusDays(2)));
        for (String time : List.of("14:00", "20:00")) {
            patient.dose("10", at(0, time));
            patient.dose("10", at(1, time));
        }
        patient.dose("10", at(2, "08:00"));

        assertThat(patient.scanAt(at(3, "00:00"))).extracting(Finding::rule, f -> f.evidence().windowStart())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RuleId.MISSED_DOSES, at(1, "00:00")));
    }
}
