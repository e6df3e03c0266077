package org.adherence.rules.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class ZoneTimelineTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    /** Every instant every 10 minutes over some days lies in its own day, and days follow without gap or overlap. */
    private static void assertDaysTileTime(ZoneTimeline timeline, Instant from, Instant to) {
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(10))) {
            LocalDate day = timeline.localDate(t);
            assertThat(timeline.startOf(day)).as("start of %s holding %s", day, t).isBeforeOrEqualTo(t);
            assertThat(timeline.endOf(day)).as("end of %s holding %s", day, t).isAfter(t);
            assertThat(timeline.localDate(t.plus(Duration.ofMinutes(10)))).as("dates never go back")
                    .isAfterOrEqualTo(day);
        }
        for (LocalDate d = timeline.localDate(from); d.isBefore(timeline.localDate(to)); d = d.plusDays(1)) {
            assertThat(timeline.endOf(d)).isEqualTo(timeline.startOf(d.plusDays(1)));
        }
    }

    @Test
    void movingEastTheDayOfTheMoveIsShorterAndEndsAtMidnightInTheNewZone() {
        Instant moved = Instant.parse("2026-12-04T12:00:00Z"); // 13:00 in Berlin, 23:00 in Sydney
        ZoneTimeline timeline = new ZoneTimeline(List.of(new ZoneChange(Instant.EPOCH, BERLIN),
                new ZoneChange(moved, SYDNEY)));
        LocalDate day = LocalDate.of(2026, 12, 4);

        assertThat(timeline.startOf(day)).isEqualTo(Instant.parse("2026-12-03T23:00:00Z"));
        assertThat(timeline.endOf(day)).isEqualTo(Instant.parse("2026-12-04T13:00:00Z"));
        assertThat(timeline.changeOn(day)).isEqualTo(Duration.ofHours(-10));
        assertThat(timeline.changeOn(day.minusDays(1))).isZero();
        assertThat(timeline.changeOn(day.plusDays(1))).isZero();
        assertThat(timeline.localDate(Instant.parse("2026-12-01T13:30:00Z"))).as("Berlin before the move")
                .isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(timeline.localDate(Instant.parse("2026-12-05T13:30:00Z"))).as("Sydney after the move")
                .isEqualTo(LocalDate.of(2026, 12, 6));
        assertDaysTileTime(timeline, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void movingWestWhereTheNewZoneWouldGoBackADayTheDayInProgressLastsUntilItsMidnightInTheNewZone() {
        Instant moved = Instant.parse("2026-12-04T14:00:00Z"); // 01:00 on the 5th in Sydney, 06:00 on the 4th in LA
        ZoneTimeline timeline = new ZoneTimeline(List.of(new ZoneChange(Instant.EPOCH, SYDNEY),
                new ZoneChange(moved, LOS_ANGELES)));
        LocalDate day = LocalDate.of(2026, 12, 5);

        assertThat(timeline.localDate(moved)).isEqualTo(day);
        assertThat(timeline.startOf(day)).isEqualTo(Instant.parse("2026-12-04T13:00:00Z"));
        assertThat(timeline.endOf(day)).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        assertThat(timeline.changeOn(day)).isEqualTo(Duration.ofHours(19));
        assertDaysTileTime(timeline, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void movingEastByMoreThanADaySkipsADateWithoutFailing() {
        Instant moved = Instant.parse("2026-12-05T10:30:00Z"); // 23:30 on the 4th at -11, 00:30 on the 6th at +14
        ZoneTimeline timeline = new ZoneTimeline(List.of(new ZoneChange(Instant.EPOCH, ZoneId.of("Pacific/Pago_Pago")),
                new ZoneChange(moved, ZoneId.of("Pacific/Kiritimati"))));
        LocalDate skipped = LocalDate.of(2026, 12, 5);

        assertThat(timeline.startOf(skipped)).isEqualTo(timeline.endOf(skipped)).isEqualTo(moved);
        assertThat(timeline.changeOn(skipped)).isEqualTo(Duration.ofHours(-24));
        assertDaysTileTime(timeline, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void theFirstZoneHoldsBeforeItsTimeTooAndNoZoneIsUtcAndAClockChangeIsNoZoneChange() {
        ZoneTimeline berlin = new ZoneTimeline(List.of(new ZoneChange(Instant.parse("2026-12-01T00:00:00Z"), BERLIN)));
        assertThat(berlin.localDate(Instant.parse("2026-03-28T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(berlin.changeOn(LocalDate.of(2026, 3, 29))).as("a day of 23 hours in Berlin").isZero();
        assertThat(new ZoneTimeline(List.of()).current()).isEqualTo(ZoneOffset.UTC);
        assertDaysTileTime(berlin, Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    }
}
