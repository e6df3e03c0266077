package org.adherence.rules.pack;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;

/**
 * The thresholds and guidance of one drug, read from a rule-pack file ({@code rulepacks/baclofen@1.json}): data,
 * not code, so that a clinic can tune them and a second drug is a second file.
 *
 * @param id   name and version, e.g. {@code baclofen@1}; part of every alert id
 * @param drug the drug the pack covers, lower case
 */
public record RulePack(String id, String drug, String source, SingleDose singleDose, DailyMax dailyMax,
                       OverdoseSigns overdoseSigns) {

    public RulePack {
        Objects.requireNonNull(id, "id");
        // doses name their drug in lower case (intake normalises it); a pack written "Baclofen" must still match
        drug = Objects.requireNonNull(drug, "drug").strip().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(singleDose, "singleDose");
        Objects.requireNonNull(dailyMax, "dailyMax");
        Objects.requireNonNull(overdoseSigns, "overdoseSigns");
    }

    /** A single dose above {@code maxMg} is a finding. */
    public record SingleDose(BigDecimal maxMg, String guidance) {

        public SingleDose {
            Objects.requireNonNull(maxMg, "singleDose.maxMg");
            Objects.requireNonNull(guidance, "singleDose.guidance");
        }
    }

    /** Doses adding up to more than {@code maxMg} within any {@code window} of event time are a finding. */
    public record DailyMax(BigDecimal maxMg, Duration window, String guidance) {

        public DailyMax {
            Objects.requireNonNull(maxMg, "dailyMax.maxMg");
            Objects.requireNonNull(window, "dailyMax.window");
            Objects.requireNonNull(guidance, "dailyMax.guidance");
        }
    }

    /**
     * Symptoms that may mean an overdose: {@code signs} always, {@code signsAfterDoseLimitFinding} only within
     * {@code afterFindingWithin} after one of the {@code doseLimitFindings}.
     */
    public record OverdoseSigns(Set<Symptom> signs, Set<Symptom> signsAfterDoseLimitFinding,
                                Set<RuleId> doseLimitFindings, Duration afterFindingWithin, String guidance) {

        public OverdoseSigns {
            signs = Set.copyOf(signs);
            signsAfterDoseLimitFinding = Set.copyOf(signsAfterDoseLimitFinding);
            doseLimitFindings = Set.copyOf(doseLimitFindings);
            Objects.requireNonNull(afterFindingWithin, "overdoseSigns.afterFindingWithin");
            Objects.requireNonNull(guidance, "overdoseSigns.guidance");
        }
    }
}
