package org.adherence.loadgen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.adherence.contracts.json.ContractJson;
import org.adherence.loadgen.auth.Hs256Jwt;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00.123456Z");
    private final SyntheticPatients patients = new SyntheticPatients("lg-t", 3,
            new Hs256Jwt("a-load-test-secret-of-more-than-32-bytes"), NOW, NOW.plusSeconds(3600));

    @Test
    void postsOneAdherentDoseTakenNowInThePatientsZone() {
        // given a mix of adherent doses only
        Workload workload = new Workload(patients, new EventMix(0, 0), new SplittableRandom(1));

        // when the fifth request is planned (patients take turns: the second patient's, whose zone is Europe/London)
        for (int i = 0; i < 4; i++) {
            workload.next(1, NOW);
        }
        PlannedRequest request = workload.next(1, NOW);

        // then it is that patient's dose of 10 mg at the due time, to milliseconds, with its offset
        assertThat(request.path()).isEqualTo("/api/v1/patients/lg-t-00002/doses");
        assertThat(request.token()).isEqualTo(patients.token(1));
        assertThat(request.events()).isEqualTo(Map.of(EventKind.ADHERENT_DOSE, 1));
        Map<String, Object> body = json(request.body());
        assertThat(body.keySet()).containsExactlyInAnyOrder("eventId", "drug", "doseMg", "takenAt");
        assertThat(body.get("drug")).isEqualTo("baclofen");
        assertThat(body.get("doseMg")).isEqualTo(10);
        assertThat(body.get("takenAt")).isEqualTo("2026-11-24T08:00:00.123Z");
    }

    @Test
    void batchesGoToEventsBatchWithDosesAndSymptomsApart() {
        // given a mix of overdoses and symptom reports only
        Workload workload = new Workload(patients, new EventMix(0.5, 0.5), new SplittableRandom(7));

        // when a request of 20 events is planned
        PlannedRequest request = workload.next(20, NOW);

        // then its counts add up, and the batch holds the 25 mg doses and the reports
        assertThat(request.path()).isEqualTo("/api/v1/patients/lg-t-00001/events:batch");
        assertThat(request.eventCount()).isEqualTo(20);
        Map<String, Object> body = json(request.body());
        List<?> doses = (List<?>) body.get("doses");
        List<?> symptoms = (List<?>) body.get("symptoms");
        assertThat(doses).hasSize(request.events().getOrDefault(EventKind.OVERDOSE, 0));
        assertThat(symptoms).hasSize(request.events().getOrDefault(EventKind.SYMPTOMS, 0));
        assertThat(doses).allSatisfy(d -> assertThat(((Map<?, ?>) d).get("doseMg")).isEqualTo(25));
        assertThat(symptoms).allSatisfy(s -> assertThat(((Map<?, ?>) s).get("observedAt"))
                .isEqualTo("2026-11-24T09:00:00.123+01:00"));
    }

    @Test
    void profilesHaveAPhysicianACaregiverAndABaclofenPrescription() {
        Map<String, Object> profile = json(ContractJson.mapper().writeValueAsBytes(
                patients.profile(0, LocalDate.parse("2026-11-24"))));

        assertThat(profile.get("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(profile.get("careTeam")).isEqualTo(List.of(
                Map.of("name", "Dr. Neuro 1", "email", "neuro-1@clinic.example.org", "role", "PHYSICIAN"),
                Map.of("name", "Carer 1", "email", "carer-1@family.example.org", "role", "CAREGIVER")));
        assertThat(profile.get("prescriptions")).isEqualTo(List.of(
                Map.of("drug", "baclofen", "doseMg", 10, "timesPerDay", 3, "startDate", "2026-09-25")));
    }

    @Test
    void theMixDrawsItsSharesAndParsesFromTheCommandLine() {
        // given the documented form, percent allowed
        EventMix mix = EventMix.parse("overdose=2%,symptoms=0.1");
        assertThat(mix).isEqualTo(new EventMix(0.02, 0.1));

        // when 100 000 kinds are drawn, then the shares come out within a fraction of a percent
        SplittableRandom random = new SplittableRandom(42);
        int overdoses = 0;
        int symptoms = 0;
        for (int i = 0; i < 100_000; i++) {
            EventKind kind = mix.draw(random);
            overdoses += kind == EventKind.OVERDOSE ? 1 : 0;
            symptoms += kind == EventKind.SYMPTOMS ? 1 : 0;
        }
        assertThat(overdoses).isBetween(1_800, 2_200);
        assertThat(symptoms).isBetween(9_600, 10_400);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] body) {
        return ContractJson.mapper().readValue(body, Map.class);
    }
}
