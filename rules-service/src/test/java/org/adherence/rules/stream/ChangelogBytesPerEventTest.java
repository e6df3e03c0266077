package org.adherence.rules.stream;

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

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What one dose costs in changelog bytes, counted on the records Kafka Streams writes to the state's changelog: the
 * same for a patient with one day of history, 30 days, or 30 days and thousands of reports (up to the width of two
 * counters in the summary), and within twice the dose's own record. Before, the whole history was written again.
 */
class ChangelogBytesPerEventTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-11-24T12:00:00Z");

    private static final RulesProperties PROPERTIES = new RulesProperties("classpath*:rulepacks/*.json",
            Duration.ofMinutes(1), Duration.ofDays(35), 5000, Duration.ofMinutes(1));

    private static final String CHANGELOG = RulesTopologyDriver.APPLICATION_ID + "-" + RulesState.NAME
            + "-changelog";

    @Test
    void aDoseWritesTheSameChangelogBytesWhateverTheHistoryAndLessThanTwiceItsOwnRecord() {
        Map<String, Integer> bytes = new LinkedHashMap<>();
        bytes.put("one day", changelogBytesOfOneDose(1, 0));
        bytes.put("30 days", changelogBytesOfOneDose(30, 0));
        bytes.put("30 days and 4800 reports", changelogBytesOfOneDose(30, 4800));
        int ownRecord = "p-1".length() + Topics.DOSE_EVENTS.valueSerde().serialize("t", dose(UUID.randomUUID().toString(), "10",
                WALL_CLOCK.atOffset(ZoneOffset.UTC))).length;

        assertThat(bytes.values()).as("%s; the dose's own record: %d bytes", bytes, ownRecord)
                .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(2 * ownRecord).isGreaterThan(ownRecord / 2));
        int least = bytes.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(bytes.values()).as("%s", bytes).allSatisfy(b -> assertThat(b - least).isLessThanOrEqualTo(4));
    }

    /**
     * A patient with {@code days} days of three doses (and {@code reports} reports spread over them), judged by the
     * scan; then one more dose: the bytes of the changelog records it wrote.
     */
    private static int changelogBytesOfOneDose(int days, int reports) {
        try (TopologyTestDriver driver = RulesTopologyDriver.start(
                PatientJudge.of(RulePacks.load(PROPERTIES.rulePacks()), PROPERTIES), PROPERTIES,
                new RulesMetrics(new SimpleMeterRegistry()), ObservationRegistry.NOOP, WALL_CLOCK)) {
            TestInputTopic<String, DoseTaken> doses = driver.createInputTopic(Topics.DOSE_EVENTS.name(),
                    Serdes.String().serializer(), Topics.DOSE_EVENTS.valueSerde());
            TestInputTopic<String, SymptomsReported> symptoms = driver.createInputTopic(
                    Topics.SYMPTOM_EVENTS.name(), Serdes.String().serializer(), Topics.SYMPTOM_EVENTS.valueSerde());
            OffsetDateTime today = WALL_CLOCK.atOffset(ZoneOffset.UTC).withHour(0);
            for (int day = days; day >= 1; day--) {
                for (int hour : new int[] {8, 14, 20}) {
                    doses.pipeInput("p-1", dose(UUID.randomUUID().toString(), "10",
                            today.minusDays(day).withHour(hour)));
                }
            }
            for (int i = 0; i < reports; i++) {
                symptoms.pipeInput("p-1", SymptomsReported.of(UUID.randomUUID().toString(), "p-1",
                        List.of(Symptom.SPASTICITY, Symptom.PAIN), today.minusDays(days).plusMinutes(i * 8L), null,
                        WALL_CLOCK));
            }
            driver.advanceWallClockTime(Duration.ofMinutes(2));
            TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(CHANGELOG,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            changelog.readRecordsToList();

            doses.pipeInput("p-1", dose(UUID.randomUUID().toString(), "10", today.withHour(11)));

            int total = 0;
            for (TestRecord<byte[], byte[]> record : changelog.readRecordsToList()) {
                total += record.key().length + (record.value() == null ? 0 : record.value().length);
            }
            return total;
        }
    }

    private static DoseTaken dose(String eventId, String mg, OffsetDateTime takenAt) {
        return DoseTaken.of(eventId, "p-1", "baclofen", new BigDecimal(mg), takenAt, WALL_CLOCK);
    }
}
