package org.adherence.contracts.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientProfileUpdatedJsonTest {

    private static final List<CareTeamMember> TEAM =
            List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN));

    @Test
    void aProfileWrittenBeforeClinicsReadsAsOneOfNoClinic() {
        String before = """
                {"schemaVersion":1,"patientId":"p-1","birthDate":"1979-03-14","timeZone":"Europe/Berlin",
                 "careTeam":[{"name":"Dr. Rivera","email":"neuro@clinic.example","role":"PHYSICIAN"}],
                 "prescriptions":[],"conditions":[],"coMedications":[],"updatedAt":"2026-11-24T10:00:00Z"}""";

        PatientProfileUpdated read = Topics.PATIENT_PROFILES.valueSerde().deserialize("t", before.getBytes());

        assertThat(read).isEqualTo(PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14),
                ZoneId.of("Europe/Berlin"), TEAM, List.of(), Set.of(), Set.of(), Instant.parse("2026-11-24T10:00:00Z")));
        assertThat(read.clinicId()).isNull();
    }

    @Test
    void carriesItsClinicThroughTheTopicsJson() {
        PatientProfileUpdated profile = PatientProfileUpdated.of("p-1", LocalDate.of(1979, 3, 14),
                ZoneId.of("Europe/Berlin"), TEAM, List.of(), Set.of(), Set.of(), Instant.parse("2026-11-24T10:00:00Z"),
                "clinic-a");

        byte[] json = Topics.PATIENT_PROFILES.valueSerde().serialize("t", profile);

        assertThat(new String(json)).contains("\"clinicId\":\"clinic-a\"");
        assertThat(Topics.PATIENT_PROFILES.valueSerde().deserialize("t", json)).isEqualTo(profile);
    }

    @Test
    void theConstructorOfBeforeClinicsStillMakesAProfileOfNoClinic() {
        PatientProfileUpdated old = new PatientProfileUpdated(1, "p-1", null, ZoneId.of("UTC"), null, null, null, null,
                null);

        assertThat(old.clinicId()).isNull();
        assertThat(old).isEqualTo(new PatientProfileUpdated(1, "p-1", null, ZoneId.of("UTC"), List.of(), List.of(),
                Set.of(), Set.of(), null, null));
    }
}
