package org.adherence.rules.profile;

import java.util.Set;

import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.rules.engine.RuleContext;

/**
 * {@code INTERACTION_RISK}: a dose while profile.coMedications ∩ interactions.coMedications is not empty; at most
 * once per patient per distinct set of those co-medications.
 */
public final class InteractionRiskRule extends ProfileListRule<CoMedication> {

    @Override
    RuleId rule() {
        return RuleId.INTERACTION_RISK;
    }

    @Override
    Set<CoMedication> listed(PatientProfileUpdated profile) {
        return profile.coMedications();
    }

    @Override
    Set<CoMedication> ofConcern(RuleContext context) {
        return context.pack().interactions().coMedications();
    }

    @Override
    String guidance(RuleContext context) {
        return context.pack().interactions().guidance();
    }

    @Override
    String noun() {
        return "co-medication";
    }
}
