package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rule of RULES.md through the running stack: events posted to intake as a patient app would post them
 * (late ones included, up to the 30 days intake accepts), alerts read from {@code adherence.alerts}, with the severity
 * of the table; the time-based rules fire on the rules service's wall clock for patients who send nothing more. And
 * the other side: a month of adherent dosing raises nothing of severity WARNING or above.
 */
@ExtendWith(Platform.Extension.class)
class RulePackE2ETest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final Duration ALERTS_WITHIN = Duration.ofSeconds(90);

    private final Platform platform = Platform.get();

    private final LocalDate today = LocalDate.now(BERLIN);

    @Test
    void anOverdoseDayRaisesEveryDoseLimitFindingAndMuscleWeaknessAfterItIsAnOverdoseSign() throws Exception {
        String patient = newPatient();
        putProfile(patient, "1979-03-14", prescription(10, 3), "[]", "[]");
        List<String> doses = new ArrayList<>();
        doses.add(dose(10, day(5, 9, 0)));
        // a second dose one hour after the first
        doses.add(dose(10, day(4, 9, 0)));
        doses.add(dose(10, day(4, 10, 0)));
        doses.add(dose(25, day(3, 9, 0)));
        // RULES.md's first example, with its 10 mg more at 23:00 (inside the exceeded day: nothing new)
        for (int hour : new int[] {8, 12, 16, 20}) {
            doses.add(dose(20, day(2, hour, 0)));
        }
        doses.add(dose(10, day(2, 22, 0)));
        doses.add(dose(10, day(2, 23, 0)));
        postBatch(patient, doses, List.of(symptoms("MUSCLE_WEAKNESS", day(2, 23, 30))));

        assertRaised(patient, EnumSet.of(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.DAILY_MAX_EXCEEDED,
                RuleId.TOO_MANY_DOSES, RuleId.DOUBLE_DOSE, RuleId.PRESCRIPTION_EXCEEDED, RuleId.TITRATION_TOO_FAST,
                RuleId.OVERDOSE_SIGNS));
    }

    @Test
    void aChildWithAContraindicationAndACoMedicationReportingSymptoms() throws Exception {
        String patient = newPatient();
        putProfile(patient, today.minusYears(10).toString(), "[]", "[\"EPILEPSY\"]", "[\"OPIOID\"]");
        OffsetDateTime now = OffsetDateTime.now(BERLIN);
        postBatch(patient, List.of(dose(5, now.minusHours(3))), List.of(
                symptoms("CHEST_PAIN", now.minusHours(2)),
                symptoms("HEADACHE", now.minusMinutes(90)),
                symptoms("BREATHLESSNESS", now.minusHours(1))));

        assertRaised(patient, EnumSet.of(RuleId.PEDIATRIC_USE, RuleId.CONTRAINDICATION_REVIEW,
                RuleId.INTERACTION_RISK, RuleId.SERIOUS_SIDE_EFFECT, RuleId.SIDE_EFFECT_REPORTED,
                RuleId.OVERDOSE_SIGNS));

        // routed by severity: the WARNINGs (raised together, so grouped in one email) to the clinicians only, and no
        // email of its own for an INFO alert
        List<MimeMessage> mails = platform.mailsAbout(patient, 1, ALERTS_WITHIN);
        String warnings = "[WARNING] 2 alerts: ";
        assertThat(platform.mailsAbout(patient, 100, Duration.ofSeconds(5)).stream()
                .filter(mail -> Platform.subject(mail).startsWith(warnings)
                        && Platform.subject(mail).contains("CONTRAINDICATION_REVIEW")
                        && Platform.subject(mail).contains("INTERACTION_RISK"))
                .map(Platform::recipient))
                .as("mails %s", mails.stream().map(Platform::subject).toList())
                .containsExactly("neuro@clinic.example");
        assertThat(platform.mailsAbout(patient, 100, Duration.ZERO).stream().map(Platform::subject))
                .noneMatch(subject -> subject.startsWith("[INFO] SIDE_EFFECT_REPORTED"));
    }

    /** RULES.md's third example, posted as it happens: the stop is noticed on the wall clock, not by a new event. */
    @Test
    void aPatientWhoStopsSuddenlyThenReportsWithdrawalSignsThenResumes() throws Exception {
        String patient = newPatient();
        putProfile(patient, "1979-03-14", prescription(10, 3), "[]", "[]");
        List<String> fiveDays = new ArrayList<>();
        for (int daysAgo = 9; daysAgo >= 5; daysAgo--) {
            for (int hour : new int[] {8, 14, 20}) {
                fiveDays.add(dose(10, day(daysAgo, hour, 0)));
            }
        }
        postBatch(patient, fiveDays, List.of());
        assertRaised(patient, EnumSet.of(RuleId.ABRUPT_DISCONTINUATION));

        postBatch(patient, List.of(), List.of(symptoms("HALLUCINATIONS", day(2, 20, 0))));
        assertRaised(patient, EnumSet.of(RuleId.ABRUPT_DISCONTINUATION, RuleId.WITHDRAWAL_SIGNS));

        postBatch(patient, List.of(dose(10, day(1, 8, 0))), List.of());
        List<AlertRaised> alerts = assertRaised(patient, EnumSet.of(RuleId.ABRUPT_DISCONTINUATION,
                RuleId.WITHDRAWAL_SIGNS, RuleId.DOSING_RESUMED));
        assertThat(alerts).filteredOn(a -> a.rule() == RuleId.ABRUPT_DISCONTINUATION).hasSize(1);
    }

    @Test
    void aDayOfOneDoseAmongDaysOfThreeIsASuddenReductionAndMissedDoses() throws Exception {
        String patient = newPatient();
        putProfile(patient, "1979-03-14", prescription(10, 3), "[]", "[]");
        List<String> doses = new ArrayList<>();
        for (int daysAgo = 8; daysAgo >= 0; daysAgo--) {
            for (int hour : daysAgo == 4 ? new int[] {8} : new int[] {8, 14, 20}) {
                OffsetDateTime at = day(daysAgo, hour, 0);
                if (at.isBefore(OffsetDateTime.now().minusMinutes(1))) {
                    doses.add(dose(10, at));
                }
            }
        }
        postBatch(patient, doses, List.of());

        assertRaised(patient, EnumSet.of(RuleId.SUDDEN_DOSE_REDUCTION, RuleId.MISSED_DOSES));
    }

    @Test
    void aMonthOfAdherentDosingRaisesNothingOfSeverityWarningOrAbove() throws Exception {
        String patient = newPatient();
        putProfile(patient, "1979-03-14", prescription(10, 3), "[]", "[]");
        Random random = new Random(patient.hashCode());
        List<String> doses = new ArrayList<>();
        for (int daysAgo = 28; daysAgo >= 0; daysAgo--) {
            for (int hour : new int[] {8, 14, 20}) {
                // on time within an hour either way
                OffsetDateTime at = day(daysAgo, hour, 0).plusMinutes(random.nextInt(121) - 60);
                if (at.isBefore(OffsetDateTime.now().minusMinutes(1))) {
                    doses.add(dose(10, at));
                }
            }
        }
        assertThat(doses).hasSizeGreaterThanOrEqualTo(28 * 3);
        // a symptom report that is an INFO finding, posted last: once it is out, the month has been checked
        postBatch(patient, doses, List.of());
        postBatch(patient, List.of(), List.of(symptoms("HEADACHE", OffsetDateTime.now(BERLIN).minusMinutes(5))));
        platform.alertsOf(patient, alerts -> rules(alerts).contains(RuleId.SIDE_EFFECT_REPORTED), ALERTS_WITHIN);
        // and the time-based rules have had several scans over it
        Thread.sleep(Platform.SCAN_INTERVAL.multipliedBy(4).toMillis());

        List<AlertRaised> alerts = platform.alertsOf(patient, found -> false, Duration.ofSeconds(3));
        assertThat(alerts).as("alerts of an adherent month").extracting(AlertRaised::rule)
                .contains(RuleId.SIDE_EFFECT_REPORTED);
        assertThat(alerts).filteredOn(a -> a.severity() != Severity.INFO)
                .as("alerts of WARNING or above for a month of adherent dosing").isEmpty();
    }

    private List<AlertRaised> assertRaised(String patient, Set<RuleId> expected) {
        List<AlertRaised> alerts = platform.alertsOf(patient, found -> rules(found).containsAll(expected),
                ALERTS_WITHIN);
        assertThat(rules(alerts)).as("rules raised for %s; services' logs:\n%s", patient, platform.logs())
                .containsAll(expected);
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(alert.severity()).as(alert.rule().name()).isEqualTo(alert.rule().severity());
            assertThat(alert.summary()).isNotBlank().doesNotContain("null");
            assertThat(alert.guidance()).isNotBlank();
            assertThat(alert.rulePack()).isEqualTo("baclofen@1");
        });
        assertThat(alerts.stream().map(AlertRaised::alertId).distinct()).as("no alert twice")
                .hasSize(alerts.size());
        return alerts;
    }

    private static Set<RuleId> rules(List<AlertRaised> alerts) {
        return alerts.stream().map(AlertRaised::rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(RuleId.class)));
    }

    private static String newPatient() {
        return "p-rules-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A local time in Berlin, {@code daysAgo} local days before today. */
    private OffsetDateTime day(int daysAgo, int hour, int minute) {
        return ZonedDateTime.of(today.minusDays(daysAgo), LocalTime.of(hour, minute), BERLIN).toOffsetDateTime();
    }

    private String prescription(int doseMg, int timesPerDay) {
        return "[{\"drug\": \"baclofen\", \"doseMg\": " + doseMg + ", \"timesPerDay\": " + timesPerDay
                + ", \"startDate\": \"" + today.minusDays(60) + "\"}]";
    }

    private void putProfile(String patient, String birthDate, String prescriptions, String conditions,
                            String coMedications) throws Exception {
        assertThat(platform.send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(), """
                {"birthDate": "%s", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": %s, "conditions": %s, "coMedications": %s}"""
                .formatted(birthDate, prescriptions, conditions, coMedications)).statusCode()).isEqualTo(202);
    }

    private static String dose(int mg, OffsetDateTime takenAt) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":" + mg
                + ",\"takenAt\":\"" + takenAt + "\"}";
    }

    private static String symptoms(String symptom, OffsetDateTime observedAt) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"" + symptom + "\"],\"observedAt\":\""
                + observedAt + "\"}";
    }

    private void postBatch(String patient, List<String> doses, List<String> symptoms) throws Exception {
        var response = platform.send("POST", "/api/v1/patients/" + patient + "/events:batch",
                TestTokens.patientApp(patient), "{\"doses\":[" + String.join(",", doses) + "],\"symptoms\":["
                        + String.join(",", symptoms) + "]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
}
