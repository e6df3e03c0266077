package org.adherence.rules.pack;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;

/**
 * The thresholds and guidance of one drug, read from a rule-pack file ({@code rulepacks/baclofen@1.json}): data,
 * not code, so that a clinic can tune them and a second drug is a second file. Every section is required: a pack
 * that lacks one fails at start-up with a message naming it.
 *
 * @param id   name and version, e.g. {@code baclofen@1}; part of every alert id
 * @param drug the drug the pack covers, lower case
 */
public record RulePack(String id, String drug, String source, SingleDose singleDose, DailyMax dailyMax,
                       TooManyDoses tooManyDoses, DoubleDose doubleDose, PrescriptionExceeded prescriptionExceeded,
                       Titration titration, Pediatric pediatric, Discontinuation discontinuation,
                       DoseReduction doseReduction, DosingResumed dosingResumed, MissedDoses missedDoses,
                       OverdoseSigns overdoseSigns, WithdrawalSigns withdrawalSigns, SideEffects sideEffects,
                       Contraindications contraindications, Interactions interactions) {

    public RulePack {
        required(id, "id");
        // doses name their drug in lower case (intake normalises it); a pack written "Baclofen" must still match
        drug = required(drug, "drug").strip().toLowerCase(Locale.ROOT);
        required(singleDose, "singleDose");
        required(dailyMax, "dailyMax");
        required(tooManyDoses, "tooManyDoses");
        required(doubleDose, "doubleDose");
        required(prescriptionExceeded, "prescriptionExceeded");
        required(titration, "titration");
        required(pediatric, "pediatric");
        required(discontinuation, "discontinuation");
        required(doseReduction, "doseReduction");
        required(dosingResumed, "dosingResumed");
        required(missedDoses, "missedDoses");
        required(overdoseSigns, "overdoseSigns");
        required(withdrawalSigns, "withdrawalSigns");
        required(sideEffects, "sideEffects");
        required(contraindications, "contraindications");
        required(interactions, "interactions");
    }

    /** The finding a missing field of a pack file gets: its name, so that whoever edits the file knows what to add. */
    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static <T> Set<T> requiredSet(Set<T> value, String name) {
        return Set.copyOf(required(value, name));
    }

    /** A single dose above {@code maxMg} is a finding. */
    public record SingleDose(BigDecimal maxMg, String guidance) {

        public SingleDose {
            required(maxMg, "singleDose.maxMg");
            required(guidance, "singleDose.guidance");
        }
    }

    /** Doses adding up to more than {@code maxMg} within any {@code window} of event time are a finding. */
    public record DailyMax(BigDecimal maxMg, Duration window, String guidance) {

        public DailyMax {
            required(maxMg, "dailyMax.maxMg");
            required(window, "dailyMax.window");
            required(guidance, "dailyMax.guidance");
        }
    }

    /** More than {@code maxDoses} doses within any {@code window} of event time are a finding. */
    public record TooManyDoses(int maxDoses, Duration window, String guidance) {

        public TooManyDoses {
            if (maxDoses < 1) {
                throw new IllegalArgumentException("tooManyDoses.maxDoses must be at least 1");
            }
            required(window, "tooManyDoses.window");
            required(guidance, "tooManyDoses.guidance");
        }
    }

    /** A dose less than {@code minInterval} after the one before it is a finding. */
    public record DoubleDose(Duration minInterval, String guidance) {

        public DoubleDose {
            required(minInterval, "doubleDose.minInterval");
            required(guidance, "doubleDose.guidance");
        }
    }

    /** A dose or a local day's total above what the patient's prescription advises is a finding. */
    public record PrescriptionExceeded(String guidance) {

        public PrescriptionExceeded {
            required(guidance, "prescriptionExceeded.guidance");
        }
    }

    /** A rise of the daily total less than {@code minDaysBetweenRises} local days after the last rise is a finding. */
    public record Titration(int minDaysBetweenRises, String guidance) {

        public Titration {
            if (minDaysBetweenRises < 1) {
                throw new IllegalArgumentException("titration.minDaysBetweenRises must be at least 1");
            }
            required(guidance, "titration.guidance");
        }
    }

    /** A dose for a patient younger than {@code minAgeYears} is a finding. */
    public record Pediatric(int minAgeYears, String guidance) {

        public Pediatric {
            required(guidance, "pediatric.guidance");
        }
    }

    /**
     * After doses on each of {@code establishedUseDays} consecutive local days, no dose for {@code noDoseFor} of
     * wall-clock time is a finding.
     */
    public record Discontinuation(int establishedUseDays, Duration noDoseFor, String guidance) {

        public Discontinuation {
            if (establishedUseDays < 1) {
                throw new IllegalArgumentException("discontinuation.establishedUseDays must be at least 1");
            }
            required(noDoseFor, "discontinuation.noDoseFor");
            required(guidance, "discontinuation.guidance");
        }
    }

    /**
     * After doses on each of the {@code establishedUseDays} local days before it, a completed local day whose total
     * is above 0 but below {@code belowFractionOfMean} of their mean is a finding.
     */
    public record DoseReduction(int establishedUseDays, BigDecimal belowFractionOfMean, String guidance) {

        public DoseReduction {
            if (establishedUseDays < 1) {
                throw new IllegalArgumentException("doseReduction.establishedUseDays must be at least 1");
            }
            required(belowFractionOfMean, "doseReduction.belowFractionOfMean");
            required(guidance, "doseReduction.guidance");
        }
    }

    /** The first dose after a sudden stop. */
    public record DosingResumed(String guidance) {

        public DosingResumed {
            required(guidance, "dosingResumed.guidance");
        }
    }

    /** A completed local day with fewer doses than prescribed. */
    public record MissedDoses(String guidance) {

        public MissedDoses {
            required(guidance, "missedDoses.guidance");
        }
    }

    /**
     * Symptoms that may mean an overdose: {@code signs} always, {@code signsAfterDoseLimitFinding} only within
     * {@code afterFindingWithin} after one of the {@code doseLimitFindings}.
     */
    public record OverdoseSigns(Set<Symptom> signs, Set<Symptom> signsAfterDoseLimitFinding,
                                Set<RuleId> doseLimitFindings, Duration afterFindingWithin, String guidance) {

        public OverdoseSigns {
            signs = requiredSet(signs, "overdoseSigns.signs");
            signsAfterDoseLimitFinding = requiredSet(signsAfterDoseLimitFinding,
                    "overdoseSigns.signsAfterDoseLimitFinding");
            doseLimitFindings = requiredSet(doseLimitFindings, "overdoseSigns.doseLimitFindings");
            required(afterFindingWithin, "overdoseSigns.afterFindingWithin");
            required(guidance, "overdoseSigns.guidance");
        }
    }

    /** Symptoms that may mean withdrawal when reported {@code within} a sudden stop or reduction. */
    public record WithdrawalSigns(Set<Symptom> signs, Duration within, String guidance) {

        public WithdrawalSigns {
            signs = requiredSet(signs, "withdrawalSigns.signs");
            required(within, "withdrawalSigns.within");
            required(guidance, "withdrawalSigns.guidance");
        }
    }

    /** The drug's rare and more common side effects. */
    public record SideEffects(Set<Symptom> rare, String rareGuidance, Set<Symptom> common, String commonGuidance) {

        public SideEffects {
            rare = requiredSet(rare, "sideEffects.rare");
            required(rareGuidance, "sideEffects.rareGuidance");
            common = requiredSet(common, "sideEffects.common");
            required(commonGuidance, "sideEffects.commonGuidance");
        }
    }

    /** Conditions the physician must know of before the drug is taken. */
    public record Contraindications(Set<Condition> conditions, String guidance) {

        public Contraindications {
            conditions = requiredSet(conditions, "contraindications.conditions");
            required(guidance, "contraindications.guidance");
        }
    }

    /** Co-medications that may interfere with the drug. */
    public record Interactions(Set<CoMedication> coMedications, String guidance) {

        public Interactions {
            coMedications = requiredSet(coMedications, "interactions.coMedications");
            required(guidance, "interactions.guidance");
        }
    }
}
