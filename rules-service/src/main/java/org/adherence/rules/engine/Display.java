package org.adherence.rules.engine;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.Symptom;

/** How findings write times, amounts and symptoms for a clinician. */
public final class Display {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)", Locale.ROOT);

    private Display() {
    }

    /** {@code 2026-11-24 09:00 (+01:00)} */
    public static String time(OffsetDateTime time) {
        return TIME.format(time);
    }

    /** {@code 80}, {@code 80.5}: no trailing zeros, no exponent. */
    public static String mg(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString() + " mg";
    }

    /** {@code breathlessness and seizure} */
    public static String symptoms(Collection<Symptom> symptoms) {
        var names = symptoms.stream().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList();
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
                + " and " + names.get(names.size() - 1);
    }
}
