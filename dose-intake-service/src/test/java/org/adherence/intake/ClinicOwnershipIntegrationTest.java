package org.adherence.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.intake.clinic.ProfileOwners;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Clinics as a trust boundary, on a real broker (CONTRACT.md, "Clinics"): a patient is the clinic whose {@code PUT}
 * enrolled it first; the profile record carries that clinic from the token; another clinic's care team may write
 * nothing for it, and is not told who holds it; a {@code PUT} followed at once by a {@code POST} works; and when two
 * clinics enrol the same new id at once, the first on the topic wins and the other is told {@code 403}.
 */
@SpringBootTest(properties = "adherence.security.jwt.hmac-secret=" + TestTokens.SECRET)
@AutoConfigureMockMvc
class ClinicOwnershipIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @org.junit.jupiter.api.BeforeEach
    void ready() {
        Readiness.await(mvc);
    }

    @MockitoSpyBean
    ProfileOwners owners;

    @Test
    void aPutFollowedAtOnceByAPostOfTheSameCareTeamWorksAndTheRecordCarriesTheTokensClinic() {
        String patient = "p-" + UUID.randomUUID();

        // the clinic comes from the token: a body that names one is refused, as any field the contract does not name
        assertThat(put(patient, TestTokens.careTeam("clinic-a"), profileNamingClinic("clinic-z"))).hasStatus(400)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("clinicId");
        assertThat(put(patient, TestTokens.careTeam("clinic-a"), IntakeHttpApiTest.validProfile())).hasStatus(202);
        assertThat(post(patient + "/doses", TestTokens.careTeam("clinic-a"), dose())).hasStatus(202);

        List<ConsumerRecord<String, String>> profiles = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.PATIENT_PROFILES.name(), patient, found -> !found.isEmpty(), WAIT);
        assertThat(profiles).singleElement().extracting(ConsumerRecord::value).asString()
                .contains("\"clinicId\":\"clinic-a\"").doesNotContain("clinic-z");
    }

    @Test
    void anotherClinicsCareTeamMayWriteNothingForThePatientAndIsNotToldWhoHoldsIt() {
        String patient = "p-" + UUID.randomUUID();
        assertThat(put(patient, TestTokens.careTeam("clinic-a"), IntakeHttpApiTest.validProfile())).hasStatus(202);
        String otherClinic = TestTokens.careTeam("clinic-b");

        for (MvcTestResult refused : List.of(put(patient, otherClinic, IntakeHttpApiTest.validProfile()),
                post(patient + "/doses", otherClinic, dose()),
                post(patient + "/symptoms", otherClinic, symptoms(UUID.randomUUID().toString())),
                post(patient + "/events:batch", otherClinic, "{\"doses\":[" + dose() + "]}"))) {
            assertThat(refused).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused).bodyJson().extractingPath("$.detail").isEqualTo("Patient " + patient
                    + " is not a patient of clinic clinic-b: a care-team token may write for its own clinic's "
                    + "patients only.");
        }
        // the same answer for an id nobody holds: no way to tell an enrolled patient from an unknown one
        assertThat(post("p-" + UUID.randomUUID() + "/doses", otherClinic, dose())).hasStatus(403);

        // markers written after the refusals, by those allowed: anything refused would lie before them
        String marker = UUID.randomUUID().toString();
        assertThat(post(patient + "/doses", TestTokens.patientApp(patient), dose(marker))).hasStatus(202);
        assertThat(post(patient + "/symptoms", TestTokens.patientApp(patient), symptoms(marker))).hasStatus(202);
        assertThat(put(patient, TestTokens.careTeam("clinic-a"),
                IntakeHttpApiTest.validProfile().replace("Europe/Berlin", "Europe/Vienna"))).hasStatus(202);
        String servers = KafkaTestBroker.bootstrapServers();
        assertThat(TopicReader.recordsForKey(servers, Topics.DOSE_EVENTS.name(), patient,
                found -> found.stream().anyMatch(r -> r.value().contains(marker)), WAIT)).hasSize(1);
        assertThat(TopicReader.recordsForKey(servers, Topics.SYMPTOM_EVENTS.name(), patient,
                found -> found.stream().anyMatch(r -> r.value().contains(marker)), WAIT)).hasSize(1);
        assertThat(TopicReader.recordsForKey(servers, Topics.PATIENT_PROFILES.name(), patient,
                found -> found.stream().anyMatch(r -> r.value().contains("Europe/Vienna")), WAIT))
                .extracting(ConsumerRecord::value)
                .satisfiesExactly(enrolled -> assertThat(enrolled).contains("\"clinicId\":\"clinic-a\"", "Europe/Berlin"),
                        updated -> assertThat(updated).contains("\"clinicId\":\"clinic-a\"", "Europe/Vienna"));
    }

    @Test
    void whenTwoClinicsEnrolTheSameNewIdAtOnceTheFirstOnTheTopicWinsAndTheOtherIsRefused() throws Exception {
        String patient = "p-" + UUID.randomUUID();
        PatientProfileUpdated first = PatientProfileUpdated.of(patient, LocalDate.of(1980, 1, 2),
                ZoneId.of("Europe/Paris"), List.of(new CareTeamMember("Dr. B", "b@clinic-b.example",
                        CareTeamRole.PHYSICIAN)), List.of(), Set.of(), Set.of(), Instant.now(), "clinic-b");
        // clinic-b's instance writes right after clinic-a's has found the id free
        doAnswer(call -> {
            Object free = call.callRealMethod();
            try (KafkaProducer<String, Object> otherInstance = producer()) {
                otherInstance.send(new ProducerRecord<>(Topics.PATIENT_PROFILES.name(), patient, first)).get();
            }
            return free;
        }).when(owners).mayEnrolOrUpdate(eq(patient), eq("clinic-a"));
        double ignoredBefore = ignoredOfOtherClinics();

        MvcTestResult lost = put(patient, TestTokens.careTeam("clinic-a"), IntakeHttpApiTest.validProfile());

        assertThat(lost).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(lost).bodyJson().extractingPath("$.detail").isEqualTo("Patient " + patient
                + " is not a patient of clinic clinic-a: a care-team token may write for its own clinic's patients "
                + "only.");
        // clinic-b's, clinic-a's (ignored by every consumer), and clinic-b's again on top, for compaction to keep
        List<ConsumerRecord<String, String>> records = TopicReader.recordsForKey(KafkaTestBroker.bootstrapServers(),
                Topics.PATIENT_PROFILES.name(), patient, found -> found.size() >= 3, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).satisfiesExactly(
                winner -> assertThat(winner).contains("\"clinicId\":\"clinic-b\""),
                loser -> assertThat(loser).contains("\"clinicId\":\"clinic-a\""),
                again -> assertThat(again).isEqualTo(records.get(0).value()));
        assertThat(ignoredOfOtherClinics() - ignoredBefore).isEqualTo(1);
        assertThat(post(patient + "/doses", TestTokens.careTeam("clinic-b"), dose())).hasStatus(202);
        assertThat(post(patient + "/doses", TestTokens.careTeam("clinic-a"), dose())).hasStatus(403);
    }

    private double ignoredOfOtherClinics() {
        return registry.get("adherence.profiles.ignored").tag("reason", "other_clinic").counter().count();
    }

    private static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer());
    }

    private static String profileNamingClinic(String clinic) {
        String profile = IntakeHttpApiTest.validProfile();
        return profile.substring(0, profile.lastIndexOf('}')) + ",\"clinicId\":\"" + clinic + "\"}";
    }

    private static String dose() {
        return dose(UUID.randomUUID().toString());
    }

    private static String dose(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}";
    }

    private static String symptoms(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"symptoms\":[\"BREATHLESSNESS\"],\"observedAt\":\""
                + OffsetDateTime.now().minusHours(1) + "\"}";
    }

    private MvcTestResult put(String patient, String token, String body) {
        return mvc.put().uri("/api/v1/patients/" + patient).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private MvcTestResult post(String path, String token, String body) {
        return mvc.post().uri("/api/v1/patients/" + path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
