package org.adherence.rules.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.adherence.contracts.EventLimits;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;
import org.adherence.rules.history.ZoneChange;
import org.adherence.rules.state.ProfileState;
import org.adherence.rules.state.StateCodec;
import org.adherence.rules.state.StateKeys;
import org.junit.jupiter.api.Test;

/**
 * The largest record of each kind the rules can write, built from the event limits: every state record under the
 * size the judging may write ({@link RulesState#MAX_RECORD_BYTES}), and the largest alert under the broker's default
 * record limit (1 MiB), so that Kafka never refuses one (under exactly-once a refused record cannot be skipped).
 */
class RecordSizesTest {

    private static final String PATIENT = "p".repeat(EventLimits.PATIENT_ID_MAX);

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-24T08:00:00.123456789+14:00");

    private static final int BROKER_RECORD_LIMIT = 1024 * 1024;

    @Test
    void theLargestDoseAndReportAreAFewHundredBytes() {
        DoseEntry dose = new DoseEntry(id(0), "d".repeat(EventLimits.DRUG_MAX), new BigDecimal("9999.999"), AT);
        SymptomEntry report = new SymptomEntry(id(1), List.of(Symptom.values()), AT);

        assertThat(size(StateKeys.dose(PATIENT, dose.instant(), dose.eventId()).get(), StateCodec.dose(dose)))
                .isLessThan(300);
        assertThat(size(StateKeys.symptoms(PATIENT, report.instant(), report.eventId()).get(),
                StateCodec.symptoms(report))).isLessThan(1024);
    }

    @Test
    void theLargestFindingAndProfileStayUnderTheStateRecordLimit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(id(i));
        }
        FindingEntry finding = new FindingEntry(id(0), RuleId.DAILY_MAX_EXCEEDED, AT.toInstant(), ids, "x".repeat(64));
        List<Prescription> prescriptions = new ArrayList<>();
        for (int i = 0; i < EventLimits.PRESCRIPTIONS_MAX; i++) {
            prescriptions.add(new Prescription("d".repeat(EventLimits.DRUG_MAX), new BigDecimal("9999.999"), 24,
                    LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1)));
        }
        List<ZoneChange> zones = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            zones.add(new ZoneChange(Instant.EPOCH.plusSeconds(i), ZoneId.of("America/Argentina/ComodRivadavia")));
        }
        List<CareTeamMember> careTeam = new ArrayList<>();
        for (int i = 0; i < EventLimits.CARE_TEAM_MAX; i++) {
            careTeam.add(new CareTeamMember("n".repeat(200), "e".repeat(240) + "@clinic.example",
                    CareTeamRole.PHYSICIAN));
        }
        ProfileState profile = new ProfileState(new PatientProfileUpdated(PatientProfileUpdated.SCHEMA_VERSION,
                PATIENT, LocalDate.of(1979, 3, 14), ZoneId.of("America/Argentina/ComodRivadavia"), careTeam,
                prescriptions, EnumSet.allOf(Condition.class), EnumSet.allOf(CoMedication.class), Instant.now(),
                "c".repeat(64)), zones);

        assertThat(size(StateKeys.finding(PATIENT, AT.toInstant(), id(0)).get(), StateCodec.finding(finding)))
                .isLessThan(RulesState.MAX_RECORD_BYTES);
        assertThat(size(StateKeys.profile(PATIENT).get(), StateCodec.profile(profile)))
                .isLessThan(RulesState.MAX_RECORD_BYTES);
    }

    @Test
    void theLargestAlertCitesEveryEventOfTheBoundAndStaysUnderTheBrokersRecordLimit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(id(i));
        }
        AlertRaised alert = new AlertRaised(AlertRaised.SCHEMA_VERSION, id(0), PATIENT, RuleId.TOO_MANY_DOSES,
                Severity.WARNING, Instant.now(), "s".repeat(2000), "g".repeat(2000), new AlertEvidence(ids,
                new BigDecimal("99999999.999"), new BigDecimal("80"), AT, AT, List.of(Symptom.values())),
                "x".repeat(64));

        assertThat(size(PATIENT.getBytes(), Topics.ALERTS.valueSerde().serialize("t", alert)))
                .isLessThan(BROKER_RECORD_LIMIT);
    }

    private static String id(int i) {
        String n = Integer.toString(i);
        return "e".repeat(EventLimits.EVENT_ID_MAX - n.length()) + n;
    }

    private static int size(byte[] key, byte[] value) {
        return key.length + value.length;
    }
}
