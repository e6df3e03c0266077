package org.adherence.rules.profile;

import java.util.Set;

import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.rules.engine.RuleContext;

/**
 * {@code CONTRAINDICATION_REVIEW}: a dose while profile.conditions ∩ contraindications.conditions is not empty; at
 * most once per patient per distinct set of those conditions.
 */
public final class ContraindicationReviewRule extends ProfileListRule<Condition> {

    @Override
    RuleId rule() {
        return RuleId.CONTRAINDICATION_REVIEW;
    }

    @Override
    Set<Condition> listed(PatientProfileUpdated profile) {
        return profile.conditions();
    }

    @Override
    Set<Condition> ofConcern(RuleContext context) {
        return context.pack().contraindications().conditions();
    }

    @Override
    String guidance(RuleContext context) {
        return context.pack().contraindications().guidance();
    }

    @Override
    String noun() {
        return "condition";
    }
}
