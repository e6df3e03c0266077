package org.adherence.console.patients;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The patient page's figures and chart from a record: days in the patient's zone (a dose at 00:30 in Berlin is that
 * day's, not the UTC day before's), the day above 80 mg flagged and drawn red, the prescribed daily dose per day.
 */
class DoseChartTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    private static final Instant TO = TODAY.atTime(18, 0).atZone(BERLIN).toInstant();

    private static final Instant FROM = TO.minusSeconds(30L * 24 * 3600);

    @Test
    void totalsEachDayInThePatientsZoneAgainstTheLimitsAndThePrescription() {
        List<DailyDoses.Day> days = DailyDoses.of(record(), BERLIN, FROM, TO);

        assertThat(days).hasSize(31);
        DailyDoses.Day over = day(days, TODAY.minusDays(2));
        assertThat(over.totalMg()).isEqualByComparingTo("100");
        assertThat(over.doses()).isEqualTo(4);
        assertThat(over.dosesAboveSingleMax()).isEqualTo(4);
        assertThat(over.aboveDailyMax()).isTrue();
        assertThat(days).filteredOn(DailyDoses.Day::aboveDailyMax).containsExactly(over);
        // 00:30 in Berlin is 23:30 UTC of the day before: the Berlin day's
        DailyDoses.Day early = day(days, TODAY.minusDays(5));
        assertThat(early.totalMg()).isEqualByComparingTo("30");
        assertThat(early.abovePrescribed()).isFalse();
        assertThat(day(days, TODAY.minusDays(6)).totalMg()).isEqualByComparingTo("0");
        // another drug is not baclofen's total
        assertThat(day(days, TODAY.minusDays(1)).totalMg()).isEqualByComparingTo("10");
        // 30 mg a day prescribed from ten days ago, nothing before
        assertThat(day(days, TODAY.minusDays(10)).prescribedMg()).isEqualByComparingTo("30");
        assertThat(day(days, TODAY.minusDays(11)).prescribedMg()).isEqualByComparingTo("0");
    }

    @Test
    void drawsTheDayAboveTheDailyMaximumRedAndSaysSoInItsArea() throws IOException {
        List<DailyDoses.Day> days = DailyDoses.of(record(), BERLIN, FROM, TO);
        Optional<DoseChart.Drawn> drawn = DoseChart.draw(record(), days, BERLIN, FROM, TO);
        Assumptions.assumeTrue(drawn.isPresent(), "this JRE cannot draw (no fonts): the page shows the table alone");

        // an area per bar: a day without a dose has none
        assertThat(drawn.get().areas()).hasSize(3);
        List<DoseChart.Area> marked = drawn.get().areas().stream().filter(DoseChart.Area::aboveDailyMax).toList();
        assertThat(marked).singleElement().extracting(DoseChart.Area::text)
                .isEqualTo(TODAY.minusDays(2) + ": 100 mg in 4 doses, above the 80 mg daily maximum, 4 above the 20 mg "
                        + "single-dose maximum");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                drawn.get().dataUri().substring("data:image/png;base64,".length()))));
        assertThat(image.getWidth()).isEqualTo(DoseChart.WIDTH);
        // the bar of the day above the maximum is red, a day within it is not
        assertThat(colourInside(image, marked.get(0))).isEqualTo(new Color(0xB3261E));
        DoseChart.Area within = drawn.get().areas().stream()
                .filter(a -> a.text().startsWith(TODAY.minusDays(5) + ":")).findFirst().orElseThrow();
        assertThat(colourInside(image, within)).isEqualTo(new Color(0x2F5D8A));
    }

    private static Color colourInside(BufferedImage image, DoseChart.Area area) {
        assertThat(area.shape()).isEqualTo("rect");
        String[] c = area.coords().split(",");
        int x = (Integer.parseInt(c[0].strip()) + Integer.parseInt(c[2].strip())) / 2;
        int y = Integer.parseInt(c[3].strip()) - 2;
        return new Color(image.getRGB(x, y));
    }

    private static DailyDoses.Day day(List<DailyDoses.Day> days, LocalDate date) {
        return days.stream().filter(d -> d.date().equals(date)).findFirst().orElseThrow();
    }

    private static PatientRecord record() {
        List<PatientRecord.Dose> doses = new ArrayList<>();
        for (int hour : new int[] {7, 11, 15, 19}) {
            doses.add(dose("25", TODAY.minusDays(2).atTime(hour, 0), "baclofen"));
        }
        doses.add(dose("10", TODAY.minusDays(5).atTime(8, 0), "baclofen"));
        doses.add(dose("10", TODAY.minusDays(5).atTime(14, 0), "Baclofen"));
        doses.add(dose("10", TODAY.minusDays(5).atTime(0, 30), "baclofen"));
        doses.add(dose("10", TODAY.minusDays(1).atTime(8, 0), "baclofen"));
        doses.add(dose("500", TODAY.minusDays(1).atTime(9, 0), "paracetamol"));
        PatientProfileUpdated profile = new PatientProfileUpdated(PatientProfileUpdated.SCHEMA_VERSION, "p-1",
                LocalDate.of(1979, 3, 14), BERLIN, List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example",
                CareTeamRole.PHYSICIAN)), List.of(new Prescription("baclofen", new BigDecimal("10"), 3,
                TODAY.minusDays(10), null)), Set.of(), Set.of(), TO, "dev-clinic");
        return new PatientRecord("p-1", BERLIN, profile, FROM, TO, null, doses,
                List.of(new PatientRecord.SymptomReport("s-1", List.of(Symptom.DROWSINESS),
                        TODAY.minusDays(2).atTime(20, 0).atZone(BERLIN).toOffsetDateTime())),
                List.of(new PatientRecord.Finding("a-1", RuleId.DAILY_MAX_EXCEEDED, Severity.HIGH,
                        TODAY.minusDays(2).atTime(19, 0).atZone(BERLIN).toInstant())));
    }

    private static PatientRecord.Dose dose(String mg, java.time.LocalDateTime at, String drug) {
        ZonedDateTime local = at.atZone(BERLIN);
        return new PatientRecord.Dose("d-" + at, drug, new BigDecimal(mg), local.toOffsetDateTime());
    }
}
