package org.adherence.rules.engine;

import java.time.Instant;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.rules.history.FindingEntry;

/**
 * Something a rule found in a patient's history.
 *
 * @param alertId deterministic: the same finding always gets the same id
 * @param anchor  the event time the finding is about
 */
public record Finding(String alertId, RuleId rule, Instant anchor, String summary, String guidance,
                      AlertEvidence evidence, String rulePack) {

    public FindingEntry toEntry() {
        return new FindingEntry(alertId, rule, anchor, evidence.eventIds(), rulePack);
    }
}
