package org.adherence.rules.history;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.RuleCatalog;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.RuleEngine;
import org.junit.jupiter.api.Test;

class PatientHistoryPruningTest {

    private static final RuleEngine ENGINE = RuleCatalog.engine(Scenario.PACKS);

    private static final Set<RuleId> LIFELONG = Set.of(RuleId.CONTRAINDICATION_REVIEW, RuleId.INTERACTION_RISK);

    /** 10 mg at 08:00, 14:00 and 20:00 (Berlin) on 40 days from 2026-11-24, as prescribed, every day scanned. */
    private static Scenario adherent() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, Scenario.prescription("10", 3));
        for (int day = 0; day < 40; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                patient.dose("10", at(day, time));
            }
        }
        patient.scanAt(at(40, "12:00"));
        return patient;
    }

    @Test
    void dropsWholeLocalDaysSoThatAnAdherentDayIsNeverJudgedAgainAsADayOfMissedDoses() {
        Scenario patient = adherent();
        assertThat(patient.raised()).isEmpty();
        Instant now = at(40, "12:00").toInstant();

        // 35 days before noon: the cutoff falls between the morning and the afternoon dose of 2026-12-29
        PatientHistory pruned = patient.history().pruned(now.minus(Duration.ofDays(35)), Duration.ofDays(8), LIFELONG,
                5000);

        assertThat(ENGINE.scan(pruned, now).findings()).isEmpty();
        assertThat(pruned.doses()).first().extracting(DoseEntry::takenAt).isEqualTo(at(5, "08:00"));
    }

    @Test
    void dropsTheRestOfTheLastDayItDropsForTheBoundOnEvents() {
        Scenario patient = adherent();
        Instant now = at(40, "12:00").toInstant();

        PatientHistory pruned = patient.history().pruned(now.minus(Duration.ofDays(35)), Duration.ofDays(8), LIFELONG,
                20);

        // 20 events would start at 14:00 on day 33: that day goes whole, 18 events of six whole days stay
        assertThat(pruned.doses()).hasSize(18).first().extracting(DoseEntry::takenAt).isEqualTo(at(34, "08:00"));
        assertThat(ENGINE.scan(pruned, now).findings()).isEmpty();
    }
}
