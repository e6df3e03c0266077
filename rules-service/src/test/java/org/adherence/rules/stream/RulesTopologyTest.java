package org.adherence.rules.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.RuleCatalog;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.discontinuation.AbruptDiscontinuationRule;
import org.adherence.rules.dosing.SingleDoseAboveMaxRule;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.engine.Finding;
import org.adherence.rules.engine.Rule;
import org.adherence.rules.engine.RuleContext;
import org.adherence.rules.engine.RuleEngine;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.PatientHistory;
import org.adherence.rules.history.ZoneChange;
import org.adherence.rules.pack.RulePacks;
import org.adherence.rules.state.KeyValueStateStore;
import org.adherence.rules.state.PatientStateInspector;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology of rules-service, driven without a broker. */
class RulesTopologyTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-11-24T12:00:00Z");

    private TopologyTestDriver driver;

    private TestInputTopic<String, DoseTaken> doses;

    private TestInputTopic<String, SymptomsReported> symptoms;

    private TestInputTopic<String, PatientProfileUpdated> profiles;

    private TestOutputTopic<String, AlertRaised> alerts;

    private static final RulesProperties PROPERTIES = new RulesProperties("classpath*:rulepacks/*.json",
            Duration.ofMinutes(1), Duration.ofDays(35), 5000, Duration.ofMinutes(1));

    @BeforeEach
    void buildTopology() {
        buildTopology(RuleCatalog.engine(RulePacks.load(PROPERTIES.rulePacks())));
    }

    private void buildTopology(RuleEngine engine) {
        buildTopology(engine, PROPERTIES);
    }

    private void buildTopology(RuleEngine engine, RulesProperties properties) {
        driver = RulesTopologyDriver.start(engine, properties, new RulesMetrics(new SimpleMeterRegistry()),
                ObservationRegistry.NOOP, WALL_CLOCK);
        doses = driver.createInputTopic(Topics.DOSE_EVENTS.name(), Serdes.String().serializer(),
                Topics.DOSE_EVENTS.valueSerde());
        symptoms = driver.createInputTopic(Topics.SYMPTOM_EVENTS.name(), Serdes.String().serializer(),
                Topics.SYMPTOM_EVENTS.valueSerde());
        profiles = driver.createInputTopic(Topics.PATIENT_PROFILES.name(), Serdes.String().serializer(),
                Topics.PATIENT_PROFILES.valueSerde());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                Topics.ALERTS.valueSerde());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void raisesAnAlertKeyedByPatientForADoseAboveTheMaximum() {
        OffsetDateTime takenAt = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.ofHours(1));

        doses.pipeInput("p-1", dose("dose-1", "25", takenAt));

        List<TestRecord<String, AlertRaised>> raised = alerts.readRecordsToList();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).key()).isEqualTo("p-1");
        assertThat(raised.get(0).value()).isEqualTo(new AlertRaised(1,
                AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, "p-1", "dose-1"), "p-1",
                RuleId.SINGLE_DOSE_ABOVE_MAX, Severity.HIGH, WALL_CLOCK,
                "25 mg of baclofen taken at 2026-11-24 08:00 (+01:00); the maximum single dose is 20 mg.",
                "Baclofen is taken as 5 to 20 mg per dose; a single dose above 20 mg is more than the guidance allows.",
                new AlertEvidence(List.of("dose-1"), new BigDecimal("25"), new BigDecimal("20"), takenAt, takenAt,
                        List.of()),
                "baclofen@1"));
    }

    @Test
    void aDuplicateEventRaisesNothingMore() {
        OffsetDateTime takenAt = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.ofHours(1));

        doses.pipeInput("p-1", dose("dose-1", "25", takenAt));
        doses.pipeInput("p-1", dose("dose-1", "25", takenAt));

        assertThat(alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void keepsEachPatientsStateApart() {
        OffsetDateTime morning = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 4; i++) {
            doses.pipeInput("p-1", dose("p1-" + i, "20", morning.plusHours(3 * i)));
        }
        doses.pipeInput("p-2", dose("p2-0", "10", morning.plusHours(13)));

        assertThat(alerts.readValuesToList()).isEmpty();
        doses.pipeInput("p-1", dose("p1-4", "10", morning.plusHours(14)));
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId, AlertRaised::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-1", RuleId.DAILY_MAX_EXCEEDED),
                        org.assertj.core.groups.Tuple.tuple("p-1", RuleId.TOO_MANY_DOSES));
    }

    @Test
    void writesTimesInTheZoneOfAProfileThatArrivedFirst() {
        profiles.pipeInput("p-1", PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14),
                ZoneId.of("Europe/Berlin"), List.of(), List.of(), Set.of(), Set.of(), WALL_CLOCK));

        symptoms.pipeInput("p-1", SymptomsReported.of("s-1", "p-1", List.of(Symptom.SEIZURE),
                OffsetDateTime.parse("2026-11-24T08:30:00Z"), "private note", WALL_CLOCK));

        assertThat(alerts.readValuesToList()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.summary()).isEqualTo(
                    "Reported seizure at 2026-11-24 09:30 (+01:00): possible signs of a baclofen overdose.");
        });
    }

    @Test
    void aProfileOfAnotherClinicForAPatientOfOneClinicIsIgnored() {
        OffsetDateTime morning = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);
        profiles.pipeInput("p-1", clinicProfile("clinic-a", LocalDate.of(1979, 3, 14)));
        // a second clinic enrolled the same id at once: the first on the topic owns it (a child's birth date here)
        profiles.pipeInput("p-1", clinicProfile("clinic-b", LocalDate.of(2020, 3, 14)));
        doses.pipeInput("p-1", dose("d-1", "10", morning));
        assertThat(alerts.readValuesToList()).as("judged by clinic-a's profile: an adult").isEmpty();

        // the owner's own change applies
        profiles.pipeInput("p-1", clinicProfile("clinic-a", LocalDate.of(2020, 3, 14)));
        doses.pipeInput("p-1", dose("d-2", "10", morning.plusHours(6)));
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule).contains(RuleId.PEDIATRIC_USE);
    }

    private static PatientProfileUpdated clinicProfile(String clinic, LocalDate birthDate) {
        return new PatientProfileUpdated(PatientProfileUpdated.SCHEMA_VERSION, "p-1", birthDate, ZoneId.of("UTC"),
                List.of(), List.of(), Set.of(), Set.of(), WALL_CLOCK, clinic);
    }

    @Test
    void keepsOnlyTheRetentionPeriodOfEventsInStateAndFindingsEightDaysLonger() {
        OffsetDateTime now = WALL_CLOCK.atOffset(ZoneOffset.UTC);
        doses.pipeInput("p-1", dose("too-old", "30", now.minusDays(36)));
        doses.pipeInput("p-1", dose("recent", "10", now.minusHours(3)));

        PatientHistory held = held("p-1");

        assertThat(held.doses()).extracting(DoseEntry::eventId).containsExactly("recent");
        assertThat(held.findings()).extracting(FindingEntry::rule).containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX);
        doses.pipeInput("p-1", dose("recent-2", "10", now.minusMinutes(10)));
        assertThat(held("p-1").findings())
                .as("kept: 36 days old, within 35 days + 8").hasSize(1);
        driver.advanceWallClockTime(Duration.ofDays(8));
        doses.pipeInput("p-1", dose("later", "10", now.plusDays(8)));
        assertThat(held("p-1").findings())
                .as("dropped: 44 days old").isEmpty();
    }

    /** RULES.md, the third example, for a patient who sends nothing more after the last dose. */
    @Test
    void aSilentPatientsStopIsFoundOnTheWallClockThenWithdrawalSignsAndTheResumption() {
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-19T08:00:00Z");
        for (int day = 0; day < 5; day++) {
            for (int hour : new int[] {0, 6, 12}) {
                doses.pipeInput("p-1", dose("d" + day + "-" + hour, "10", firstDay.plusDays(day).plusHours(hour)));
            }
        }
        // the last dose: 2026-11-23 20:00Z; the wall clock stands at 2026-11-24 12:00Z

        driver.advanceWallClockTime(Duration.ofHours(7).plusMinutes(59));
        assertThat(alerts.readValuesToList()).as("23 h 59 min after the last dose").isEmpty();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo(RuleId.ABRUPT_DISCONTINUATION);
            assertThat(alert.alertId()).isEqualTo(AlertIds.of("baclofen@1", RuleId.ABRUPT_DISCONTINUATION, "p-1",
                    "d4-12"));
            assertThat(alert.raisedAt()).isEqualTo(Instant.parse("2026-11-24T20:00:00Z"));
            assertThat(alert.summary()).isEqualTo("No baclofen taken for 24 hours since 10 mg at 2026-11-23 20:00 "
                    + "(+00:00), after daily use on 5 days in a row (2026-11-19 to 2026-11-23): a sudden stop, with a "
                    + "risk of withdrawal.");
        });
        driver.advanceWallClockTime(Duration.ofDays(2));
        assertThat(alerts.readValuesToList()).as("once per stop").isEmpty();

        symptoms.pipeInput("p-1", SymptomsReported.of("s-1", "p-1", List.of(Symptom.HALLUCINATIONS),
                OffsetDateTime.parse("2026-11-26T20:00:00Z"), null, WALL_CLOCK));
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule).containsExactly(RuleId.WITHDRAWAL_SIGNS);
        driver.advanceWallClockTime(Duration.ofDays(1));
        doses.pipeInput("p-1", dose("back", "10", OffsetDateTime.parse("2026-11-27T20:00:00Z")));
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule).containsExactly(RuleId.DOSING_RESUMED);
    }

    @Test
    void missedDosesAreFoundAtTheEndOfThePatientsLocalDayOnTheWallClock() {
        profiles.pipeInput("p-1", PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14),
                ZoneId.of("Europe/Berlin"), List.of(), List.of(new Prescription("baclofen", BigDecimal.TEN, 3,
                        LocalDate.of(2026, 11, 1), null)), Set.of(), Set.of(), WALL_CLOCK));
        doses.pipeInput("p-1", dose("m-1", "10", OffsetDateTime.parse("2026-11-24T08:00:00+01:00")));
        doses.pipeInput("p-1", dose("m-2", "10", OffsetDateTime.parse("2026-11-24T12:00:00+01:00")));

        // the day ends at 2026-11-24 23:00Z, midnight in Berlin
        driver.advanceWallClockTime(Duration.ofHours(10).plusMinutes(59));
        assertThat(alerts.readValuesToList()).isEmpty();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(alerts.readValuesToList()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo(RuleId.MISSED_DOSES);
            assertThat(alert.summary()).isEqualTo("2 of the 3 prescribed doses of baclofen taken on 2026-11-24 "
                    + "(10 mg at 08:00, 10 mg at 12:00): 1 missed.");
        });
    }

    @Test
    void aSuddenDoseReductionIsFoundOnTheWallClockForAPatientWhoSendsNothingMore() {
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-20T08:00:00Z");
        for (int day = 0; day < 3; day++) {
            for (int hour : new int[] {0, 6, 12}) {
                doses.pipeInput("p-1", dose("r" + day + "-" + hour, "20", firstDay.plusDays(day).plusHours(hour)));
            }
        }
        doses.pipeInput("p-1", dose("low", "20", OffsetDateTime.parse("2026-11-23T20:00:00Z")));
        assertThat(alerts.readValuesToList()).isEmpty();

        // 2026-11-23 (UTC, no profile) ended before the wall clock's 2026-11-24 12:00Z: the first scan judges it
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule, AlertRaised::alertId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RuleId.SUDDEN_DOSE_REDUCTION,
                        AlertIds.of("baclofen@1", RuleId.SUDDEN_DOSE_REDUCTION, "p-1", "2026-11-23")));
    }

    /**
     * An app syncs two weeks of doses at once: they arrive one by one, and scans run meanwhile. A scan between two of
     * them must not take the gap the next one fills for a sudden stop.
     */
    @Test
    void aScanWhileAnAppsSyncIsStillArrivingWaitsUntilItHasSettled() {
        driver.close();
        buildTopology(RuleCatalog.engine(RulePacks.load(PROPERTIES.rulePacks())), new RulesProperties(
                PROPERTIES.rulePacks(), Duration.ofSeconds(10), Duration.ofDays(35), 5000, Duration.ofMinutes(1)));
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-10T08:00:00Z");
        for (int day = 0; day < 14; day++) {
            for (int hour : new int[] {0, 6, 12}) {
                doses.pipeInput("p-1", dose("sync-" + day + "-" + hour, "10", firstDay.plusDays(day).plusHours(hour)));
            }
            if (day == 6) {
                // a scan in the middle of the sync: the first week's last dose lies 7 days before the wall clock
                driver.advanceWallClockTime(Duration.ofSeconds(15));
            }
        }
        // the last dose: 2026-11-23 20:00Z, 16 h before the wall clock
        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(alerts.readValuesToList()).as("an adherent fortnight, synced late").isEmpty();
    }

    /** Waiting for a sync to settle has an end: an app that never pauses cannot hide a stop. */
    @Test
    void aPatientWhoseEventsNeverPauseIsStillJudgedAfterTenSettleTimes() {
        driver.close();
        buildTopology(RuleCatalog.engine(RulePacks.load(PROPERTIES.rulePacks())), new RulesProperties(
                PROPERTIES.rulePacks(), Duration.ofSeconds(10), Duration.ofDays(35), 5000, Duration.ofMinutes(1)));
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-10T08:00:00Z");
        for (int day = 0; day < 5; day++) {
            for (int hour : new int[] {0, 6, 12}) {
                doses.pipeInput("p-1", dose("d-" + day + "-" + hour, "10", firstDay.plusDays(day).plusHours(hour)));
            }
        }
        // the last dose: 2026-11-14 20:00Z, ten days ago; then a symptom report every 30 s, without pause
        int report = 0;
        for (int seconds = 0; seconds < 9 * 60; seconds += 30) {
            symptoms.pipeInput("p-1", SymptomsReported.of("s-" + report++, "p-1", List.of(Symptom.PAIN),
                    OffsetDateTime.parse("2026-11-24T11:00:00Z"), null, WALL_CLOCK));
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        assertThat(alerts.readValuesToList()).as("within ten settle times of the burst's start").isEmpty();
        for (int seconds = 0; seconds < 2 * 60; seconds += 30) {
            symptoms.pipeInput("p-1", SymptomsReported.of("s-" + report++, "p-1", List.of(Symptom.PAIN),
                    OffsetDateTime.parse("2026-11-24T11:00:00Z"), null, WALL_CLOCK));
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule)
                .containsExactly(RuleId.ABRUPT_DISCONTINUATION);
    }

    /** A rule with a bug that throws on one patient's history, on events and on the scan. */
    private static final class FailsForOnePatient implements Rule {

        @Override
        public List<Finding> evaluate(RuleContext context) {
            if (context.patientId().equals("p-poison")) {
                throw new IllegalStateException("a bug");
            }
            return List.of();
        }
    }

    @Test
    void aRuleThatFailsOnOnePatientsHistoryStopsNeitherTheOtherRulesNorTheOtherPatients() {
        driver.close();
        buildTopology(new RuleEngine(RulePacks.load(PROPERTIES.rulePacks()), List.of(new FailsForOnePatient(),
                new SingleDoseAboveMaxRule(), new AbruptDiscontinuationRule())));
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-20T08:00:00Z");

        for (String patient : List.of("p-poison", "p-2")) {
            for (int day = 0; day < 3; day++) {
                doses.pipeInput(patient, dose(patient + "-" + day, day == 0 ? "25" : "10", firstDay.plusDays(day)));
            }
        }
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId, AlertRaised::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p-poison", RuleId.SINGLE_DOSE_ABOVE_MAX),
                org.assertj.core.groups.Tuple.tuple("p-2", RuleId.SINGLE_DOSE_ABOVE_MAX));
        assertThat(held("p-poison").doses())
                .as("the events of the failing history are kept").hasSize(3);

        // the last doses: 2026-11-22 08:00Z; the wall clock stands at 2026-11-24 12:00Z
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::patientId, AlertRaised::rule)
                .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("p-poison", RuleId.ABRUPT_DISCONTINUATION),
                org.assertj.core.groups.Tuple.tuple("p-2", RuleId.ABRUPT_DISCONTINUATION));
    }

    @Test
    void aProfileThatChangesTheZoneLeavesTheDaysLivedInTheOldOneAsTheyWereAndSurvivesTheStore() {
        Prescription rx = new Prescription("baclofen", new BigDecimal("10"), 3, LocalDate.of(2026, 11, 1), null);
        profiles.pipeInput("p-1", PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14), ZoneId.of("Europe/Berlin"),
                List.of(), List.of(rx), Set.of(), Set.of(), null));
        // 09:00 in Berlin is midnight in Los Angeles: grouped by its days, these would be days of 2 and 4 doses
        for (int day = 18; day <= 24; day++) {
            for (String time : day == 24 ? new String[] {"08:50"}
                    : new String[] {day % 2 == 0 ? "08:50" : "09:10", "14:00", "20:00"}) {
                doses.pipeInput("p-1", dose("d-" + day + "-" + time, "10",
                        OffsetDateTime.parse("2026-11-" + day + "T" + time + ":00+01:00")));
            }
        }
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(alerts.readValuesToList()).isEmpty();

        profiles.pipeInput("p-1", PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14),
                ZoneId.of("America/Los_Angeles"), List.of(), List.of(rx), Set.of(), Set.of(), null));
        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(alerts.readValuesToList()).isEmpty();
        assertThat(held("p-1").zones())
                .extracting(ZoneChange::zone)
                .containsExactly(ZoneId.of("Europe/Berlin"), ZoneId.of("America/Los_Angeles"));
    }

    /** Everything held of a patient in the topology's store. */
    private PatientHistory held(String patientId) {
        return PatientStateInspector.history(new KeyValueStateStore(
                driver.<Bytes, byte[]>getKeyValueStore(RulesState.NAME)), patientId);
    }

    private static DoseTaken dose(String eventId, String mg, OffsetDateTime takenAt) {
        return DoseTaken.of(eventId, "ignored-by-rules", "baclofen", new BigDecimal(mg), takenAt, WALL_CLOCK);
    }
}
