package org.adherence.rules.judging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.Scenario;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.state.InMemoryStateStore;
import org.adherence.rules.state.PatientStateInspector;
import org.adherence.rules.state.StateKeys;
import org.junit.jupiter.api.Test;

/**
 * What the state keeps of a patient: the retention in whole local days, the bounds on events and bytes (oldest days
 * first; of a flood within one day, the oldest reports first), each drop counted and the first one warned about.
 */
class StateBoundsTest {

    private static final ZoneId BERLIN = Scenario.BERLIN;

    private final InMemoryStateStore store = new InMemoryStateStore();

    private final Recording listener = new Recording();

    private final List<Finding> raised = new ArrayList<>();

    /** 10 mg at 08:00, 14:00 and 20:00 (Berlin) on 40 days from 2026-11-24, as prescribed, scanned every day. */
    private void adherent(PatientJudge judge) {
        judge.profile(store, "p-1", PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14), BERLIN, List.of(),
                List.of(Scenario.prescription("10", 3)), Set.of(), Set.of(), null), at(0, "00:00"));
        for (int day = 0; day < 40; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                Instant takenAt = at(day, time);
                raised.addAll(judge.dose(store, "p-1", DoseTaken.of(UUID.randomUUID().toString(), "p-1", "baclofen",
                        BigDecimal.TEN, takenAt.atZone(BERLIN).toOffsetDateTime(), takenAt), takenAt));
            }
            raised.addAll(judge.judgeDue(store, "p-1", at(day + 1, "00:05")));
        }
    }

    @Test
    void dropsWholeLocalDaysPastTheRetentionSoThatAnAdherentDayIsNeverJudgedAgainAsADayOfMissedDoses() {
        PatientJudge judge = judge(5000, 1 << 20);

        adherent(judge);
        raised.addAll(judge.judgeDue(store, "p-1", at(40, "12:00")));

        assertThat(raised).isEmpty();
        // 35 days before noon of day 40: the cutoff falls within day 5, which is kept whole
        assertThat(held().doses()).first().extracting(DoseEntry::takenAt)
                .isEqualTo(at(5, "08:00").atZone(BERLIN).toOffsetDateTime());
        assertThat(listener.dropped).containsOnlyKeys("RETENTION/EVENT");
        assertThat(listener.overBound).isEmpty();
    }

    @Test
    void dropsTheOldestWholeDaysOverTheBoundOnEventsCountedAndWarnedOnce() {
        PatientJudge judge = judge(20, 1 << 20);

        adherent(judge);

        assertThat(raised).as("no day cut in two, judged as missed doses").isEmpty();
        Map<LocalDate, Long> perDay = held().doses().stream().collect(Collectors.groupingBy(
                d -> d.takenAt().atZoneSameInstant(BERLIN).toLocalDate(), TreeMap::new, Collectors.counting()));
        assertThat(perDay.values()).as("whole days only").containsOnly(3L);
        assertThat(perDay.keySet()).last().isEqualTo(LocalDate.of(2026, 11, 24).plusDays(39));
        assertThat(held().doses().size()).isBetween(18, 20);
        assertThat(listener.dropped.get("COUNT/EVENT")).isGreaterThan(0);
        assertThat(listener.overBound).containsExactly("p-1");
    }

    @Test
    void aFloodWithinOneDayOverTheBoundOnBytesDropsItsOldestReportsFirstAndKeepsTheDoses() {
        PatientJudge judge = judge(5000, 20_000);
        Instant morning = at(0, "08:00");
        judge.dose(store, "p-1", DoseTaken.of("d-1", "p-1", "baclofen", BigDecimal.TEN,
                morning.atZone(BERLIN).toOffsetDateTime(), morning), morning);

        for (int i = 0; i < 400; i++) {
            Instant observedAt = morning.plusSeconds(60 + i);
            judge.symptoms(store, "p-1", SymptomsReported.of("s-" + i, "p-1", List.of(Symptom.values()),
                    observedAt.atZone(BERLIN).toOffsetDateTime(), "n".repeat(400), observedAt), observedAt);
        }

        PatientHistory held = held();
        assertThat(held.doses()).extracting(DoseEntry::eventId).containsExactly("d-1");
        assertThat(held.symptoms()).isNotEmpty().last().extracting(s -> s.eventId()).isEqualTo("s-399");
        assertThat(PatientStateInspector.summary(store, "p-1").eventBytes()).isLessThanOrEqualTo(20_000);
        assertThat(store.get(StateKeys.eventId("p-1", "s-0"))).as("its id goes with it").isNull();
        assertThat(listener.dropped.get("BYTES/EVENT")).isEqualTo(401 - held.doses().size() - held.symptoms().size());
        assertThat(listener.overBound).containsExactly("p-1");
    }

    private PatientHistory held() {
        return PatientStateInspector.history(store, "p-1");
    }

    private PatientJudge judge(int maxEvents, long maxBytes) {
        return new PatientJudge(org.adherence.rules.RuleCatalog.engine(Scenario.PACKS), Scenario.PACKS,
                Duration.ofDays(35), maxEvents, maxBytes, listener);
    }

    private static Instant at(int day, String time) {
        return OffsetDateTime.of(Scenario.DAY.plusDays(day), java.time.LocalTime.parse(time),
                BERLIN.getRules().getOffset(Scenario.DAY.plusDays(day).atStartOfDay())).toInstant();
    }

    private static final class Recording implements JudgingListener {

        final Map<String, Integer> dropped = new TreeMap<>();

        final List<String> overBound = new ArrayList<>();

        @Override
        public void dropped(String patientId, Bound bound, Kind kind, int count) {
            if (count > 0) {
                dropped.merge(bound + "/" + kind, count, Integer::sum);
            }
        }

        @Override
        public void overBound(String patientId, int events, int eventBytes) {
            overBound.add(patientId);
        }
    }
}
