package org.adherence.rules.judging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.Scenario;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.state.InMemoryStateStore;
import org.adherence.rules.state.StateStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * What one event costs the judging, counted as the state records it reads (not timed): the same for a patient with
 * 10 days of history, 30 days, or 30 days with thousands of older reports, for the dose and for the scan that judges
 * it. Before, every event and every scan read the whole history.
 */
class CostPerEventTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static final PatientJudge JUDGE = PatientJudge.of(Scenario.PACKS, new RulesProperties("unused",
            Duration.ofMinutes(1), Duration.ofDays(35), 5000, Duration.ofMinutes(1)));

    @Test
    void aDoseAndTheScanAfterItReadTheSameRecordsWhateverTheHistoryBeyondTheRulesWindows() {
        Map<String, List<Integer>> reads = new LinkedHashMap<>();
        reads.put("10 days", readsOfOneDose(10, 0));
        reads.put("30 days", readsOfOneDose(30, 0));
        reads.put("30 days and 4000 reports", readsOfOneDose(30, 4000));

        assertThat(reads.values()).as("%s", reads).containsOnly(reads.get("10 days"));
        assertThat(reads.get("10 days")).as("%s", reads).allSatisfy(n -> assertThat(n).isPositive());
    }

    /** The records read by one dose today, then by the scan that judges it: after {@code days} of history. */
    private static List<Integer> readsOfOneDose(int days, int reports) {
        CountingStore store = new CountingStore();
        OffsetDateTime today = NOW.atOffset(ZoneOffset.UTC).withHour(0);
        for (int day = days; day >= 1; day--) {
            for (int hour : new int[] {8, 14, 20}) {
                JUDGE.dose(store, "p-1", dose(today.minusDays(day).withHour(hour)), NOW.minus(Duration.ofHours(1)));
            }
        }
        for (int i = 0; i < reports; i++) {
            // older than every window the rules read from today
            JUDGE.symptoms(store, "p-1", SymptomsReported.of(UUID.randomUUID().toString(), "p-1",
                    List.of(Symptom.PAIN), today.minusDays(days).plusMinutes(i), null, NOW), NOW.minusSeconds(3600));
        }
        JUDGE.judgeDue(store, "p-1", NOW.minusSeconds(1800));

        store.reads = 0;
        JUDGE.dose(store, "p-1", dose(today.withHour(11)), NOW);
        int dose = store.reads;
        store.reads = 0;
        JUDGE.judgeDue(store, "p-1", NOW.plusSeconds(120));
        return List.of(dose, store.reads);
    }

    private static DoseTaken dose(OffsetDateTime takenAt) {
        return DoseTaken.of(UUID.randomUUID().toString(), "p-1", "baclofen", BigDecimal.TEN, takenAt, NOW);
    }

    /** State in memory, counting the records read. */
    private static final class CountingStore implements StateStore {

        private final InMemoryStateStore store = new InMemoryStateStore();

        int reads;

        @Override
        public byte[] get(Bytes key) {
            reads++;
            return store.get(key);
        }

        @Override
        public void put(Bytes key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public void delete(Bytes key) {
            store.delete(key);
        }

        @Override
        public List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to, boolean reverse, int limit) {
            List<KeyValue<Bytes, byte[]>> found = store.range(from, to, reverse, limit);
            reads += found.size();
            return found;
        }
    }
}
