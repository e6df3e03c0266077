package org.adherence.console.patients;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.adherence.contracts.events.Prescription;

/**
 * A patient's baclofen by day, in the patient's time zone: each day's total against the daily maximum and the
 * prescribed daily dose, and its single doses against the single-dose maximum. The limits are the baclofen rule
 * pack's (RULES.md: {@code DAILY_MAX_EXCEEDED} judges any 24 hours; a calendar day is what a clinician reads here).
 */
public final class DailyDoses {

    /** The drug the limits are about. */
    public static final String DRUG = "baclofen";

    public static final BigDecimal DAILY_MAX_MG = new BigDecimal("80");

    public static final BigDecimal SINGLE_DOSE_MAX_MG = new BigDecimal("20");

    private DailyDoses() {
    }

    /**
     * One day.
     *
     * @param prescribedMg the daily dose of the prescriptions active that day (dose times doses a day), zero if none
     */
    public record Day(LocalDate date, BigDecimal totalMg, BigDecimal prescribedMg, int doses, int dosesAboveSingleMax) {

        public boolean aboveDailyMax() {
            return totalMg.compareTo(DAILY_MAX_MG) > 0;
        }

        public boolean aboveSingleMax() {
            return dosesAboveSingleMax > 0;
        }

        public boolean abovePrescribed() {
            return prescribedMg.signum() > 0 && totalMg.compareTo(prescribedMg) > 0;
        }
    }

    /** Every day from {@code from} to {@code to} in {@code zone}, days without a dose included (their total zero). */
    public static List<Day> of(PatientRecord record, ZoneId zone, Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, zone);
        LocalDate last = LocalDate.ofInstant(to, zone);
        Map<LocalDate, BigDecimal> totals = new TreeMap<>();
        Map<LocalDate, int[]> counts = new TreeMap<>();
        for (PatientRecord.Dose dose : record.doses()) {
            if (!isBaclofen(dose.drug())) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(dose.takenAt().toInstant(), zone);
            totals.merge(day, dose.doseMg(), BigDecimal::add);
            int[] count = counts.computeIfAbsent(day, d -> new int[2]);
            count[0]++;
            if (dose.doseMg().compareTo(SINGLE_DOSE_MAX_MG) > 0) {
                count[1]++;
            }
        }
        List<Prescription> prescriptions = record.profile() == null ? List.of()
                : record.profile().prescriptions().stream().filter(p -> isBaclofen(p.drug())).toList();
        List<Day> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            int[] count = counts.getOrDefault(day, new int[2]);
            days.add(new Day(day, totals.getOrDefault(day, BigDecimal.ZERO), prescribed(prescriptions, day),
                    count[0], count[1]));
        }
        return days;
    }

    static boolean isBaclofen(String drug) {
        return drug != null && DRUG.equalsIgnoreCase(drug.strip());
    }

    private static BigDecimal prescribed(List<Prescription> prescriptions, LocalDate day) {
        BigDecimal daily = BigDecimal.ZERO;
        for (Prescription p : prescriptions) {
            if ((p.startDate() == null || !p.startDate().isAfter(day)) && (p.endDate() == null
                    || !p.endDate().isBefore(day))) {
                daily = daily.add(p.doseMg().multiply(BigDecimal.valueOf(p.timesPerDay())));
            }
        }
        return daily;
    }
}
