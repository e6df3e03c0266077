package org.adherence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.support.streams.InstanceForwarding;
import org.adherence.testsupport.KafkaTestBroker;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.process.ServiceProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of rules-service sharing the partitions on a real broker: each answers a patient's record whichever
 * instance holds the patient (forwarding the request to the holder through Kafka Streams' metadata), and each lists
 * all of the clinic's quiet patients, gathered from both.
 */
class RecordFromEveryInstanceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String applicationId = "rules-record-two-" + UUID.randomUUID();

    private final String clinic = "clinic-two-" + UUID.randomUUID().toString().substring(0, 8);

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void eitherInstanceAnswersEveryPatientsRecordAndTheWholeQuietList() throws Exception {
        String one = start();
        String two = start();
        List<String> patients = new ArrayList<>();
        Set<String> quiet = new TreeSet<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ContractJsonSerializer())) {
            for (int i = 0; i < 12; i++) {
                String patient = "p-two-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                patients.add(patient);
                producer.send(new ProducerRecord<>(Topics.PATIENT_PROFILES.name(), patient, profile(patient))).get();
                // every other patient's last dose five days ago: quiet for 24 hours
                OffsetDateTime takenAt = i % 2 == 0 ? now.minusDays(5) : now.minusMinutes(10);
                if (i % 2 == 0) {
                    quiet.add(patient);
                }
                producer.send(new ProducerRecord<>(Topics.DOSE_EVENTS.name(), patient, DoseTaken.of(
                        "d-" + i, patient, "baclofen", new BigDecimal("10"), takenAt, Instant.now()))).get();
            }
        }

        String token = "Bearer " + TestTokens.careTeam(clinic);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String instance : List.of(one, two)) {
                for (String patient : patients) {
                    HttpResponse<String> record = get(instance + "/api/v1/patients/" + patient + "/record", token);
                    assertThat(record.statusCode()).as("%s from %s: %s", patient, instance, record.body())
                            .isEqualTo(200);
                    assertThat(JSON.readTree(record.body()).path("doses").size()).isEqualTo(1);
                }
            }
        });

        // each instance holds only a part of them: the other part was forwarded
        int heldByOne = held(one, patients, token);
        int heldByTwo = held(two, patients, token);
        assertThat(heldByOne + heldByTwo).isEqualTo(patients.size());
        assertThat(heldByOne).as("patients held by the first instance").isBetween(1, patients.size() - 1);

        for (String instance : List.of(one, two)) {
            JsonNode list = JSON.readTree(get(instance + "/api/v1/quiet-patients?silentFor=PT24H", token).body());
            Set<String> listed = new TreeSet<>();
            list.path("patients").forEach(p -> listed.add(p.path("patientId").asString()));
            assertThat(listed).as("quiet patients from %s", instance).isEqualTo(quiet);
            assertThat(list.path("incomplete").asBoolean()).isFalse();
        }
    }

    /** How many of the patients an instance answers for itself, asked as another instance would ask it. */
    private static int held(String instance, List<String> patients, String token) throws Exception {
        int held = 0;
        for (String patient : patients) {
            HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(URI.create(instance + "/api/v1/patients/"
                            + patient + "/record")).header("Authorization", token)
                    .header(InstanceForwarding.FORWARDED, "1").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (own.statusCode() == 200) {
                held++;
            }
        }
        return held;
    }

    private String start() {
        int port = ServiceProcess.freePort();
        instances.add(new SpringApplicationBuilder(RulesServiceApplication.class).run(
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
                "--spring.cloud.stream.kafka.streams.binder.application-id=" + applicationId,
                "--spring.cloud.stream.kafka.streams.binder.configuration.commit.interval.ms=100",
                "--adherence.rules.state-dir=target/rules-record-two-state-" + UUID.randomUUID(),
                "--adherence.security.jwt.hmac-secret=" + TestTokens.SECRET));
        return "http://localhost:" + port;
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PatientProfileUpdated profile(String patient) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        return new PatientProfileUpdated(PatientProfileUpdated.SCHEMA_VERSION, patient, LocalDate.of(1979, 3, 14),
                ZoneId.of("Europe/Berlin"),
                List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN)),
                List.of(new Prescription("baclofen", new BigDecimal("10"), 3, today.minusDays(20), null)),
                Set.of(), Set.of(), Instant.now(), clinic);
    }
}
