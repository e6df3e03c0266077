package org.adherence.notification.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.testsupport.TestTokens;

/** Profiles and alerts as intake and rules publish them, with ids unique to each test. */
public final class Fixtures {

    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private Fixtures() {
    }

    /** A patient id no other test uses. */
    public static String newPatientId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A care team of two clinicians and a caregiver, with addresses unique to the patient. */
    public static List<CareTeamMember> careTeamOf(String patientId) {
        return List.of(
                new CareTeamMember("Dr. Rivera", "neuro-" + patientId + "@clinic.example", CareTeamRole.PHYSICIAN),
                new CareTeamMember("Kim", "nurse-" + patientId + "@clinic.example", CareTeamRole.NURSE),
                new CareTeamMember("Sam", "sam-" + patientId + "@family.example", CareTeamRole.CAREGIVER));
    }

    /** A profile put by the care team of {@link TestTokens#CLINIC}, whose token reads the delivery log. */
    public static PatientProfileUpdated profileOf(String patientId, List<CareTeamMember> careTeam) {
        return profileOf(patientId, careTeam, TestTokens.CLINIC);
    }

    public static PatientProfileUpdated profileOf(String patientId, List<CareTeamMember> careTeam, String clinic) {
        return PatientProfileUpdated.of(patientId, LocalDate.parse("1979-03-14"), BERLIN, careTeam, List.of(),
                Set.of(), Set.of(), Instant.parse("2026-11-20T10:00:00Z"), clinic);
    }

    public static AlertRaised alert(String patientId, RuleId rule) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, rule + "-" + patientId, patientId, rule, rule.severity(),
                Instant.parse("2026-11-24T09:00:00Z"),
                "90 mg of baclofen in the 24 hours to 2026-11-24 09:00 (+01:00); the maximum is 80 mg.",
                "The maximum dose is 80 mg per day, taken as four doses of 20 mg.",
                new AlertEvidence(List.of("dose-1", "dose-2"), new BigDecimal("90"), new BigDecimal("80"),
                        OffsetDateTime.parse("2026-11-23T09:00:00+01:00"),
                        OffsetDateTime.parse("2026-11-24T09:00:00+01:00"), List.of()),
                "baclofen@1");
    }
}
