package org.adherence.contracts.events;

import java.time.Instant;
import java.util.Objects;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;

/**
 * A finding of the rules. Value of {@code adherence.alerts}, keyed by patient id.
 *
 * @param alertId deterministic: the same finding always gets the same id, so replays never make a second alert
 */
public record AlertRaised(int schemaVersion, String alertId, String patientId, RuleId rule, Severity severity,
                          Instant raisedAt, String summary, String guidance, AlertEvidence evidence,
                          String rulePack) {

    public static final int SCHEMA_VERSION = 1;

    public AlertRaised {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
    }
}
