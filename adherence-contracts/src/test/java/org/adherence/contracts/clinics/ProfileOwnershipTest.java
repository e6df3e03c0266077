package org.adherence.contracts.clinics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileOwnershipTest {

    @Test
    void theFirstClinicOwnsThePatientAndOnlyItsProfilesAreApplied() {
        assertThat(ProfileOwnership.accepts(null, "clinic-a")).isTrue();
        assertThat(ProfileOwnership.ownerAfter(null, "clinic-a")).isEqualTo("clinic-a");

        assertThat(ProfileOwnership.accepts("clinic-a", "clinic-a")).isTrue();
        assertThat(ProfileOwnership.accepts("clinic-a", "clinic-b")).isFalse();
        assertThat(ProfileOwnership.accepts("clinic-a", null)).isFalse();
        assertThat(ProfileOwnership.ownerAfter("clinic-a", "clinic-a")).isEqualTo("clinic-a");
    }

    @Test
    void aProfileOfNoClinicNamesNoOwnerSoTheFirstClinicAfterItWins() {
        assertThat(ProfileOwnership.accepts(null, null)).isTrue();
        assertThat(ProfileOwnership.ownerAfter(null, null)).isNull();
        assertThat(ProfileOwnership.accepts(null, "clinic-b")).isTrue();
    }

    @Test
    void clinicIdsAreOneToSixtyFourCharactersOfTheContractsAlphabet() {
        assertThat(ProfileOwnership.isClinicId("clinic-a.1_B")).isTrue();
        assertThat(ProfileOwnership.isClinicId("c".repeat(64))).isTrue();
        assertThat(ProfileOwnership.isClinicId("c".repeat(65))).isFalse();
        assertThat(ProfileOwnership.isClinicId("")).isFalse();
        assertThat(ProfileOwnership.isClinicId(null)).isFalse();
        assertThat(ProfileOwnership.isClinicId("clinic a")).isFalse();
        assertThat(ProfileOwnership.isClinicId("clinic/a")).isFalse();
    }
}
