package org.adherence.rules.profile;

import static org.adherence.contracts.codes.CoMedication.ALCOHOL;
import static org.adherence.contracts.codes.CoMedication.OPIOID;
import static org.adherence.contracts.codes.Condition.EPILEPSY;
import static org.adherence.contracts.codes.Condition.PREGNANCY;
import static org.adherence.rules.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

/** CONTRAINDICATION_REVIEW and INTERACTION_RISK: once per patient per distinct set of listed codes. */
class ProfileListRulesTest {

    private static final LocalDate ADULT = LocalDate.of(1979, 3, 14);

    @Test
    void nothingWithoutADose() {
        Scenario patient = Scenario.patient("p-1");

        assertThat(patient.profile(ADULT, Scenario.BERLIN, Set.of(EPILEPSY), Set.of(OPIOID))).isEmpty();
    }

    @Test
    void aDoseForAPatientWithAConditionFiresWithTheWholeFinding() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(ADULT, Scenario.BERLIN, Set.of(PREGNANCY, EPILEPSY), Set.of());

        List<Finding> findings = patient.dose("d-1", "10", "baclofen", at(0, "08:00"));

        assertThat(findings).containsExactly(new Finding(
                AlertIds.of("baclofen@1", RuleId.CONTRAINDICATION_REVIEW, "p-1", "EPILEPSY+PREGNANCY"),
                RuleId.CONTRAINDICATION_REVIEW,
                at(0, "08:00").toInstant(),
                "10 mg of baclofen taken at 2026-11-24 08:00 (+01:00) by a patient whose profile lists the conditions "
                        + "epilepsy and pregnancy: for the physician to review.",
                "Inform your physician if you have the following conditions before starting Baclofen: severe liver "
                        + "or kidney disorders, psychosis or mental illness, nervous system problems, blood clot or "
                        + "stroke, epilepsy. Talk to your doctor before taking Baclofen if you are pregnant, "
                        + "breastfeeding, or allergic to Baclofen.",
                new AlertEvidence(List.of("d-1"), new BigDecimal("10"), null, at(0, "08:00"), at(0, "08:00"),
                        List.of()),
                "baclofen@1"));
        assertThat(patient.dose("10", at(0, "14:00"))).as("the same set").isEmpty();
    }

    @Test
    void aChangedSetIsANewFindingAndTheSameSetAgainIsNot() {
        Scenario patient = Scenario.patient("p-1");
        patient.dose("10", at(0, "08:00"));

        assertThat(patient.profile(ADULT, Scenario.BERLIN, Set.of(), Set.of(OPIOID))).singleElement()
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo(RuleId.INTERACTION_RISK);
                    assertThat(f.summary()).contains("lists the co-medication opioid:");
                    assertThat(f.guidance()).contains("may interfere");
                });
        assertThat(patient.profile(ADULT, Scenario.BERLIN, Set.of(), Set.of(OPIOID))).isEmpty();
        assertThat(patient.profile(ADULT, Scenario.BERLIN, Set.of(), Set.of(ALCOHOL, OPIOID)))
                .extracting(Finding::alertId)
                .containsExactly(AlertIds.of("baclofen@1", RuleId.INTERACTION_RISK, "p-1", "ALCOHOL+OPIOID"));
        assertThat(patient.profile(ADULT, Scenario.BERLIN, Set.of(), Set.of(OPIOID))).as("seen before").isEmpty();
    }
}
