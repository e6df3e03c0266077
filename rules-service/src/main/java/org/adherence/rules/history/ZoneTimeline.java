package org.adherence.rules.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Local days over a patient's time zones: an instant's local date is its date in the zone in force at that instant
 * ({@link ZoneChange}s in time order; the first one is in force before its instant too; UTC without any). A patient
 * who moves or travels keeps the days already lived where they were lived.
 * <p>
 * Where the zone changes, the day of the change is shorter (moving east) or longer (moving west) than 24 hours: it
 * starts at midnight in the old zone and ends at midnight in the new one. Dates never go back: moving west, the hours
 * after the change that the new zone would date to the day before belong to the day in progress (a longer day), and
 * moving east by more than a day skips a date (a day of no length, which holds nothing). Every local day is one
 * interval, [{@link #startOf}, {@link #endOf}), and the days follow one another without gap or overlap.
 */
public final class ZoneTimeline {

    private final List<ZoneChange> changes;

    /** The first date of each change's span (dates never go back), worked out once. */
    private final LocalDate[] floors;

    public ZoneTimeline(List<ZoneChange> changes) {
        this.changes = changes.isEmpty() ? List.of(new ZoneChange(Instant.EPOCH, ZoneOffset.UTC)) : changes;
        this.floors = new LocalDate[this.changes.size()];
        for (int i = 1; i < floors.length; i++) {
            LocalDate before = dateIn(i - 1, this.changes.get(i).from().minusNanos(1));
            LocalDate own = this.changes.get(i).from().atZone(zoneOf(i)).toLocalDate();
            floors[i] = own.isBefore(before) ? before : own;
        }
    }

    /** The zone in force at an instant. */
    public ZoneId zoneAt(Instant time) {
        return zoneOf(indexAt(time));
    }

    /** The zone in force now (the last one known). */
    public ZoneId current() {
        return zoneOf(changes.size() - 1);
    }

    public LocalDate localDate(Instant time) {
        return dateIn(indexAt(time), time);
    }

    /** The first instant of a local day. */
    public Instant startOf(LocalDate day) {
        for (int i = 0; i < changes.size(); i++) {
            Instant spanStart = i == 0 ? null : changes.get(i).from();
            Instant spanEnd = i + 1 < changes.size() ? changes.get(i + 1).from() : null;
            Instant start;
            if (floors[i] != null && !floors[i].isBefore(day)) {
                start = spanStart;
            }
            else {
                start = day.atStartOfDay(zoneOf(i)).toInstant();
                start = spanStart != null && start.isBefore(spanStart) ? spanStart : start;
            }
            if (spanEnd == null || start.isBefore(spanEnd)) {
                return start;
            }
        }
        throw new IllegalStateException("unreachable: the last span has no end");
    }

    /** The first instant after a local day. */
    public Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    /**
     * How much shorter (negative) or longer (positive) a local day is than that date in the zone in force at its
     * start, because the zone changed during it; zero on every other day, clock changes of daylight saving time
     * included.
     */
    public Duration changeOn(LocalDate day) {
        Instant start = startOf(day);
        ZoneId zone = zoneAt(start);
        Duration usual = Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone));
        return Duration.between(start, endOf(day)).minus(usual);
    }

    private LocalDate dateIn(int index, Instant time) {
        LocalDate date = time.atZone(zoneOf(index)).toLocalDate();
        LocalDate floor = floors[index];
        return floor != null && date.isBefore(floor) ? floor : date;
    }

    private int indexAt(Instant time) {
        int index = 0;
        for (int i = 1; i < changes.size(); i++) {
            if (!changes.get(i).from().isAfter(time)) {
                index = i;
            }
        }
        return index;
    }

    private ZoneId zoneOf(int index) {
        return changes.get(index).zone();
    }
}
