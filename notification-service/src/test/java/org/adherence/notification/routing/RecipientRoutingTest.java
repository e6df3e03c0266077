package org.adherence.notification.routing;

import java.util.List;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.CareTeamMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientRoutingTest {

    private static final CareTeamMember PHYSICIAN =
            new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN);
    private static final CareTeamMember NURSE = new CareTeamMember("Kim", "nurse@clinic.example", CareTeamRole.NURSE);
    private static final CareTeamMember PHARMACIST =
            new CareTeamMember("Lee", "pharmacy@clinic.example", CareTeamRole.PHARMACIST);
    private static final CareTeamMember CAREGIVER =
            new CareTeamMember("Sam", "sam@family.example", CareTeamRole.CAREGIVER);

    private static final List<CareTeamMember> TEAM = List.of(PHYSICIAN, CAREGIVER, NURSE, PHARMACIST);

    @ParameterizedTest
    @EnumSource(value = Severity.class, names = {"CRITICAL", "HIGH"})
    void mailsTheWholeCareTeamAboutCriticalAndHighAlerts(Severity severity) {
        assertThat(RecipientRouting.recipientsOf(severity, TEAM)).containsExactly(PHYSICIAN, CAREGIVER, NURSE,
                PHARMACIST);
    }

    @Test
    void mailsOnlyCliniciansAboutWarnings() {
        assertThat(RecipientRouting.recipientsOf(Severity.WARNING, TEAM)).containsExactly(PHYSICIAN, NURSE,
                PHARMACIST);
    }

    @Test
    void sendsTheDailyDigestOfInfoAlertsToTheWholeCareTeam() {
        assertThat(RecipientRouting.recipientsOf(Severity.INFO, TEAM)).containsExactly(PHYSICIAN, CAREGIVER, NURSE,
                PHARMACIST);
    }

    @Test
    void mailsAnAddressListedTwiceOnlyOnce() {
        // given the physician is also listed as the pharmacist, with the address in other case
        CareTeamMember samePersonAgain =
                new CareTeamMember("Dr. Rivera", "Neuro@Clinic.example", CareTeamRole.PHARMACIST);

        // when / then
        assertThat(RecipientRouting.recipientsOf(Severity.HIGH, List.of(PHYSICIAN, samePersonAgain, CAREGIVER)))
                .containsExactly(PHYSICIAN, CAREGIVER);
    }

    @Test
    void findsNoRecipientForAWarningWhenTheTeamHasNoClinician() {
        assertThat(RecipientRouting.recipientsOf(Severity.WARNING, List.of(CAREGIVER))).isEmpty();
    }

    @Test
    void remindsThePhysiciansOfACriticalAlert() {
        List<CareTeamMember> team = List.of(member("neuro@x.example", CareTeamRole.PHYSICIAN),
                member("nurse@x.example", CareTeamRole.NURSE), member("sam@x.example", CareTeamRole.CAREGIVER));

        assertThat(RecipientRouting.reminderRecipientsOf(team)).extracting(CareTeamMember::email)
                .containsExactly("neuro@x.example");
    }

    @Test
    void remindsTheOtherCliniciansWhenTheTeamHasNoPhysician() {
        List<CareTeamMember> team = List.of(member("nurse@x.example", CareTeamRole.NURSE),
                member("pharmacy@x.example", CareTeamRole.PHARMACIST), member("sam@x.example", CareTeamRole.CAREGIVER));

        assertThat(RecipientRouting.reminderRecipientsOf(team)).extracting(CareTeamMember::email)
                .containsExactly("nurse@x.example", "pharmacy@x.example");
    }

    @Test
    void remindsTheWholeTeamRatherThanNobodyWhenItHasNoClinicianAtAll() {
        List<CareTeamMember> team = List.of(member("sam@x.example", CareTeamRole.CAREGIVER));

        assertThat(RecipientRouting.reminderRecipientsOf(team)).extracting(CareTeamMember::email)
                .containsExactly("sam@x.example");
    }

    private static CareTeamMember member(String email, CareTeamRole role) {
        return new CareTeamMember(email, email, role);
    }
}
