package org.adherence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The care team's reads of the rules' state on a real broker, through Kafka Streams' interactive queries: a patient's
 * record (doses, findings, profile) for the patient's own clinic only, and the clinic's quiet patients (an active
 * prescription, nothing for longer than asked).
 */
@AutoConfigureMockMvc
@DirtiesContext
@SpringBootTest(properties = {
        "spring.cloud.stream.kafka.streams.binder.application-id=rules-record-it",
        "spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100"})
class PatientRecordIntegrationTest {

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("adherence.rules.state-dir", () -> "target/rules-record-it-state-" + UUID.randomUUID());
        registry.add("adherence.security.jwt.hmac-secret", () -> TestTokens.SECRET);
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void givesAClinicItsPatientsRecordAndQuietPatientsAndNobodyElses() throws Exception {
        String clinic = "clinic-record-" + UUID.randomUUID().toString().substring(0, 8);
        String active = "p-active-" + UUID.randomUUID();
        String quiet = "p-quiet-" + UUID.randomUUID();
        String stopped = "p-stopped-" + UUID.randomUUID();
        String elsewhere = "p-elsewhere-" + UUID.randomUUID();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate today = LocalDate.now(berlin);
        Prescription current = new Prescription("baclofen", new BigDecimal("10"), 3, today.minusDays(20), null);
        Prescription ended = new Prescription("baclofen", new BigDecimal("10"), 3, today.minusDays(20),
                today.minusDays(10));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(1)).withNano(0);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            producer.send(profile(active, clinic, current)).get();
            producer.send(profile(quiet, clinic, current)).get();
            producer.send(profile(stopped, clinic, ended)).get();
            producer.send(profile(elsewhere, "another-clinic", current)).get();
            // 25 mg now: a SINGLE_DOSE_ABOVE_MAX finding on the record
            producer.send(dose(active, "25", now.minusMinutes(30))).get();
            // the quiet patient's last dose, five days ago; the stopped one's too (but no prescription is active)
            producer.send(dose(quiet, "10", now.minusDays(5))).get();
            producer.send(dose(stopped, "10", now.minusDays(5))).get();
            producer.send(dose(elsewhere, "10", now.minusDays(5))).get();
        }
        List<AlertRaised> alerts = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(), Topics.ALERTS.name(),
                active, records -> !records.isEmpty(), Duration.ofSeconds(60)).stream()
                .map(r -> ContractJson.mapper().readValue(r.value(), AlertRaised.class)).toList();
        assertThat(alerts).extracting(AlertRaised::rule).contains(RuleId.SINGLE_DOSE_ABOVE_MAX);

        String token = "Bearer " + TestTokens.careTeam(clinic);
        // the profile is on a topic of its own: it may be taken in a moment after the dose
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mvc.get()
                .uri("/api/v1/patients/{id}/record?days=30", active).header("Authorization", token).exchange()
                .getResponse().getStatus() == 200);
        MvcTestResult record = mvc.get().uri("/api/v1/patients/{id}/record?days=30", active)
                .header("Authorization", token).exchange();
        assertThat(record).hasStatusOk();
        assertThat(record).bodyJson().extractingPath("$.doses[0].doseMg").isEqualTo(25);
        assertThat(record).bodyJson().extractingPath("$.timeZone").isEqualTo("Europe/Berlin");
        assertThat(record).bodyJson().extractingPath("$.findings[?(@.rule == 'SINGLE_DOSE_ABOVE_MAX')].severity")
                .asArray().containsExactly("HIGH");
        assertThat(record).bodyJson().extractingPath("$.profile.clinicId").isEqualTo(clinic);
        assertThat(record).bodyJson().extractingPath("$.profile.careTeam[0].email").isEqualTo("neuro@clinic.example");
        assertThat(record).bodyJson().extractingPath("$.profile.prescriptions[0].doseMg").isEqualTo(10);

        // another clinic's patient, an unknown one, and this clinic's patient asked by another clinic: the same 404
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record", elsewhere).header("Authorization", token))
                .hasStatus(404);
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record", "p-unknown").header("Authorization", token))
                .hasStatus(404);
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record", active)
                .header("Authorization", "Bearer " + TestTokens.careTeam("another-clinic"))).hasStatus(404);
        // a patient app's token, and none
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record", active)
                .header("Authorization", "Bearer " + TestTokens.patientApp(active))).hasStatus(403);
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record", active)).hasStatus(401);
        // bad input, named
        assertThat(mvc.get().uri("/api/v1/patients/{id}/record?days=91", active).header("Authorization", token))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("days");
        assertThat(mvc.get().uri("/api/v1/quiet-patients?silentFor=PT1M").header("Authorization", token))
                .hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("silentFor");

        // every patient's records judged (they may lie on other partitions than the active one's)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mvc.get().uri("/api/v1/quiet-patients")
                .header("Authorization", token).exchange().getResponse().getContentAsString().contains(quiet));
        MvcTestResult quietOnes = mvc.get().uri("/api/v1/quiet-patients?silentFor=PT24H")
                .header("Authorization", token).exchange();
        assertThat(quietOnes).hasStatusOk();
        assertThat(quietOnes).bodyJson().extractingPath("$.patients[*].patientId").asArray()
                .containsExactly(quiet);
        assertThat(quietOnes).bodyJson().extractingPath("$.incomplete").isEqualTo(false);
        // asked for a longer silence, nobody of the clinic is that quiet
        assertThat(mvc.get().uri("/api/v1/quiet-patients?silentFor=P7D").header("Authorization", token))
                .hasStatusOk().bodyJson().extractingPath("$.patients").asArray().isEmpty();
    }

    private static ProducerRecord<String, Object> profile(String patient, String clinic, Prescription prescription) {
        return new ProducerRecord<>(Topics.PATIENT_PROFILES.name(), patient, new PatientProfileUpdated(
                PatientProfileUpdated.SCHEMA_VERSION, patient, LocalDate.of(1979, 3, 14), ZoneId.of("Europe/Berlin"),
                List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN)),
                List.of(prescription), Set.of(), Set.of(), Instant.now(), clinic));
    }

    private static ProducerRecord<String, Object> dose(String patient, String mg, OffsetDateTime takenAt) {
        return new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, DoseTaken.of(UUID.randomUUID().toString(),
                patient, "baclofen", new BigDecimal(mg), takenAt, Instant.now()));
    }
}
