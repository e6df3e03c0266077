package org.adherence.rules.state;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.rules.Scenario;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.history.ZoneChange;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The records of the state as the store keeps them, and the bound on the zones kept. */
class StateCodecTest {

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    @Test
    void aDoseComesBackFromItsKeyAndValueWithItsOffset() {
        DoseEntry dose = new DoseEntry("d-1", "baclofen", new BigDecimal("12.500"),
                OffsetDateTime.parse("2026-11-24T08:00:00.123456789+05:30"));
        Bytes key = StateKeys.dose("p-1", dose.instant(), dose.eventId());

        assertThat(StateCodec.dose(key, StateCodec.dose(dose))).isEqualTo(dose);
    }

    @Test
    void aSymptomReportKeepsEachCodeOnceInReportOrder() {
        SymptomEntry report = new SymptomEntry("s-1", List.of(Symptom.PAIN, Symptom.SEIZURE, Symptom.PAIN),
                OffsetDateTime.parse("2026-11-24T08:00:00-05:00"));
        Bytes key = StateKeys.symptoms("p-1", report.instant(), report.eventId());

        assertThat(StateCodec.symptoms(key, StateCodec.symptoms(report))).isEqualTo(new SymptomEntry("s-1",
                List.of(Symptom.PAIN, Symptom.SEIZURE), report.observedAt()));
    }

    @Test
    void aFindingKeepsTheFirstEventIdsAndTheLast() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add("e-" + i);
        }
        FindingEntry finding = new FindingEntry("a-1", RuleId.DAILY_MAX_EXCEEDED, Instant.parse("2026-11-24T08:00:00Z"),
                ids, "baclofen@1");

        FindingEntry restored = StateCodec.finding(StateKeys.finding("p-1", finding.anchor(), finding.alertId()),
                StateCodec.finding(finding));

        assertThat(restored.eventIds()).hasSize(StateCodec.MAX_FINDING_EVENT_IDS).startsWith("e-0", "e-1")
                .endsWith("e-253", "e-254", "e-999");
        assertThat(restored).usingRecursiveComparison().ignoringFields("eventIds").isEqualTo(finding);
    }

    @Test
    void theSummaryComesBackWholeWithItsDaysOfDoses() {
        NavigableSet<LocalDate> days = new TreeSet<>(List.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 24),
                LocalDate.of(2027, 3, 1)));
        PatientSummary summary = new PatientSummary(3, 420, 1, 150, Instant.parse("2026-10-01T08:00:00Z"), null,
                Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-09-01T00:00:00Z"),
                Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-11-24T12:00:00.123Z"),
                Instant.parse("2026-11-25T12:00:00Z"), true, 3, true, Map.of("baclofen", days));

        assertThat(StateCodec.summary(StateCodec.summary(summary))).isEqualTo(summary);
    }

    @Test
    void theZonesSurviveTheStoreAndTheCareTeamIsNotKept() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        patient.dose("10", at(0, "08:00"));
        patient.profile(SYDNEY, prescription("10", 3));

        assertThat(patient.history().zones()).extracting(ZoneChange::zone).containsExactly(Scenario.BERLIN, SYDNEY);
        assertThat(patient.history().profile().timeZone()).isEqualTo(SYDNEY);
    }

    @Test
    void keepsTheNewestZonesUpToItsBound() {
        List<ZoneChange> zones = new ArrayList<>();
        for (int i = 0; i < ProfileState.MAX_ZONES + 10; i++) {
            zones.add(new ZoneChange(Instant.EPOCH.plusSeconds(i), i % 2 == 0 ? SYDNEY : Scenario.BERLIN));
        }

        ProfileState restored = StateCodec.profile(StateCodec.profile(new ProfileState(null, zones)));

        assertThat(restored.zones()).hasSize(ProfileState.MAX_ZONES)
                .isEqualTo(zones.subList(10, zones.size()));
        assertThat(Collections.unmodifiableList(restored.zones()).get(0).from()).isEqualTo(
                Instant.EPOCH.plusSeconds(10));
    }
}
