package org.adherence.rules.pack;

import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

class RulePacksTest {

    /** baclofen@1 as shipped, and a made-up second drug with other limits: a new file, no new code. */
    private static RulePacks twoDrugs() {
        List<RulePack> packs = new ArrayList<>(RulePacks.load("classpath*:rulepacks/*.json").all());
        packs.addAll(RulePacks.load("classpath*:testpacks/*.json").all());
        return new RulePacks(packs);
    }

    @Test
    void aSecondDrugIsASecondFileWithItsOwnLimitsAndGuidance() {
        Scenario patient = Scenario.patient("p-1", twoDrugs());

        List<Finding> tizanorin = patient.dose("t-1", "5", "tizanorin", at(0, "08:00"));
        List<Finding> baclofen = patient.dose("b-1", "5", "baclofen", at(0, "08:30"));

        assertThat(tizanorin).singleElement().satisfies(f -> {
            assertThat(f.alertId()).isEqualTo(AlertIds.of("tizanorin@1", RuleId.SINGLE_DOSE_ABOVE_MAX, "p-1", "t-1"));
            assertThat(f.summary()).isEqualTo(
                    "5 mg of tizanorin taken at 2026-11-24 08:00 (+01:00); the maximum single dose is 4 mg.");
            assertThat(f.guidance()).isEqualTo("Tizanorin is taken as 1 to 4 mg per dose.");
            assertThat(f.rulePack()).isEqualTo("tizanorin@1");
        });
        assertThat(baclofen).as("5 mg is within baclofen's limits, and the drugs' doses are counted apart").isEmpty();
        assertThat(patient.dose("t-2", "4", "tizanorin", at(0, "13:00"))).extracting(Finding::rule, Finding::rulePack)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RuleId.DOUBLE_DOSE, "tizanorin@1"));
    }

    @Test
    void aPackWithoutASectionFailsNamingIt() {
        assertThatThrownBy(() -> RulePacks.load("classpath*:brokenpacks/*.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken@1.json")
                .hasMessageContaining("is not valid")
                .hasMessageContaining("missing titration");
    }

    @Test
    void theShippedPackQuotesTheGuidance() {
        RulePack baclofen = RulePacks.load("classpath*:rulepacks/*.json").forDrug("baclofen").orElseThrow();

        assertThat(baclofen.discontinuation().guidance()).contains("Do not stop taking medicine suddenly");
        assertThat(baclofen.doubleDose().guidance())
                .contains("not take a double dose to compensate for the missed dose");
        // word for word from seeds/000_6176f1a7aeae201e.txt, with no advice of our own
        assertThat(baclofen.titration().guidance())
                .isEqualTo("Your doctor may increase the dose gradually every three days if required.");
        assertThat(baclofen.dosingResumed().guidance()).isEqualTo("Do not stop taking medicine suddenly or lower the "
                + "dose on your own. Your doctor may increase the dose gradually every three days if required.");
        assertThat(baclofen.withdrawalSigns().guidance())
                .isEqualTo("Do not stop taking medicine suddenly or lower the dose on your own.");
        assertThat(baclofen.overdoseSigns().guidance()).isEqualTo("Some symptoms of overdose include muscle weakness, "
                + "breathlessness, being unconscious for a long time (coma) and seizures.");
        assertThat(baclofen.pediatric().guidance()).contains("not studied in children below 12");
        assertThat(baclofen.contraindications().guidance()).contains("before starting");
        assertThat(baclofen.interactions().guidance()).contains("may interfere");
    }
}
