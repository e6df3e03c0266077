package org.adherence.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** Times as a clinician reads them: in the patient's time zone, with the zone named. Used by the templates. */
@Component("localTimes")
public class LocalTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public String format(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        ZoneId in = zone == null ? ZoneId.of("UTC") : zone;
        return FORMAT.format(instant.atZone(in)) + " (" + in.getId() + ")";
    }

    /** A span as a clinician says it: "3 days 4 hours", "5 hours", "12 minutes". */
    public String span(Duration span) {
        if (span == null) {
            return "";
        }
        long days = span.toDays();
        long hours = span.toHoursPart();
        if (days > 0) {
            return plural(days, "day") + (hours > 0 ? " " + plural(hours, "hour") : "");
        }
        if (span.toHours() > 0) {
            return plural(span.toHours(), "hour");
        }
        return plural(Math.max(0, span.toMinutes()), "minute");
    }

    /** How long since {@code instant}, up to {@code now}. */
    public String since(Instant instant, Instant now) {
        return instant == null ? "" : span(Duration.between(instant, now));
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** The machine-readable form, for a {@code <time datetime>} attribute. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
