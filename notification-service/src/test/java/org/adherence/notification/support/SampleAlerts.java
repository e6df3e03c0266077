package org.adherence.notification.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;

/** One alert of each rule, with the evidence rules-service gives that rule; times in UTC and in the app's offset. */
public final class SampleAlerts {

    /** When every sample is raised: 10:00 in Berlin (winter time). */
    public static final Instant RAISED_AT = Instant.parse("2026-11-24T09:00:00Z");

    private SampleAlerts() {
    }

    public static AlertRaised of(RuleId rule, String patientId) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, "sample-" + rule + "-" + patientId, patientId, rule,
                rule.severity(), RAISED_AT, "Finding of " + rule + " for patient " + patientId + ".",
                "What the baclofen guidance advises about " + rule + ".", evidenceOf(rule), "baclofen@1");
    }

    private static AlertEvidence evidenceOf(RuleId rule) {
        return switch (rule) {
            case OVERDOSE_SIGNS, WITHDRAWAL_SIGNS, SERIOUS_SIDE_EFFECT, SIDE_EFFECT_REPORTED -> new AlertEvidence(
                    List.of("symptoms-1"), null, null, OffsetDateTime.parse("2026-11-24T07:30:00-03:00"),
                    OffsetDateTime.parse("2026-11-24T07:30:00-03:00"), List.of(Symptom.BREATHLESSNESS));
            case ABRUPT_DISCONTINUATION, DOSING_RESUMED -> new AlertEvidence(List.of("dose-9"), null, null,
                    OffsetDateTime.parse("2026-11-22T20:00:00Z"), OffsetDateTime.parse("2026-11-23T20:00:00Z"),
                    List.of());
            case CONTRAINDICATION_REVIEW, INTERACTION_RISK, PEDIATRIC_USE -> new AlertEvidence(List.of("dose-1"),
                    new BigDecimal("10"), null, null, null, List.of());
            default -> new AlertEvidence(List.of("dose-1", "dose-2"), new BigDecimal("90.0"), new BigDecimal("80"),
                    OffsetDateTime.parse("2026-11-23T09:00:00+01:00"),
                    OffsetDateTime.parse("2026-11-24T09:00:00+01:00"), List.of());
        };
    }
}
