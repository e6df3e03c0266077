package org.adherence.rules.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.adherence.contracts.codes.Symptom;

/** How findings write times, amounts and symptoms for a clinician. */
public final class Display {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)", Locale.ROOT);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private Display() {
    }

    /** {@code 2026-11-24 09:00 (+01:00)} */
    public static String time(OffsetDateTime time) {
        return TIME.format(time);
    }

    /** {@code 09:00}: a time of day, where the day is said already. */
    public static String clock(OffsetDateTime time) {
        return CLOCK.format(time);
    }

    /** {@code 80}, {@code 80.5}: no trailing zeros, no exponent. */
    public static String mg(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString() + " mg";
    }

    /** {@code 24 hours}, {@code 1 hour 30 minutes}, {@code 2 days 2 hours}. */
    public static String duration(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        if (days >= 2) {
            return plural(days, "day") + (hours > 0 ? " " + plural(hours, "hour") : "");
        }
        long allHours = duration.toHours();
        if (allHours == 0) {
            return plural(minutes, "minute");
        }
        return plural(allHours, "hour") + (minutes > 0 ? " " + plural(minutes, "minute") : "");
    }

    /** {@code half}, {@code 40% of}: how much of a figure is meant. */
    public static String fraction(BigDecimal fraction) {
        if (fraction.compareTo(new BigDecimal("0.5")) == 0) {
            return "half";
        }
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "% of";
    }

    /** {@code breathlessness and seizure} */
    public static String symptoms(Collection<Symptom> symptoms) {
        return list(symptoms.stream().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList());
    }

    /** {@code a}, {@code a and b}, {@code a, b and c} */
    public static String list(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
