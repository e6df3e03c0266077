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

class TooManyDosesRuleTest {

    @Test
    void fourDosesInADayAreAllowed() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("5", at(0, time));
        }

        assertThat(patient.raised()).isEmpty();
    }

    @Test
    void aFifthDoseWithinTwentyFourHoursFiresOnceWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("d-" + time, "5", "baclofen", at(0, time));
        }

        List<Finding> fifth = patient.dose("d-23:00", "5", "baclofen", at(0, "23:00"));
        List<Finding> sixth = patient.dose("d-23:30", "5", "baclofen", at(1, "01:30"));

        assertThat(fifth).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.TOO_MANY_DOSES, "p-1", "2026-11-24"),
                RuleId.TOO_MANY_DOSES,
                at(0, "23:00").toInstant(),
                "5 doses of baclofen (25 mg) in the 24 hours to 2026-11-24 23:00 (+01:00), from 2026-11-24 08:00 (+01:00); "
                        + "at most 4 doses are advised.",
                "The usual dose is three times a day; the maximum dose is 80 mg per day, taken as four doses of 20 mg.",
                new AlertEvidence(List.of("d-08:00", "d-12:00", "d-16:00", "d-20:00", "d-23:00"),
                        new BigDecimal("25"), null, at(-1, "23:00"), at(0, "23:00"), List.of()),
                "baclofen@1"));
        assertThat(sixth).as("within 24 hours of the first finding").isEmpty();
    }

    @Test
    void dosesExactlyTwentyFourHoursApartAreNotInOneWindow() {
        Scenario patient = Scenario.patient("p-1");
        for (String time : List.of("08:00", "12:00", "16:00", "20:00")) {
            patient.dose("5", at(0, time));
        }

        assertThat(patient.dose("5", at(1, "08:00"))).isEmpty();
    }
}
