package org.adherence.intake.clinic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.intake.metrics.IntakeMetrics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The view of owners, record by record, as the global store sees the profiles topic. */
class OwnershipProcessorTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final SeenOffsets seen = new SeenOffsets();

    private TopologyTestDriver driver;

    private TestInputTopic<String, byte[]> profiles;

    private KeyValueStore<String, ProfileOwner> owners;

    @BeforeEach
    void topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProfileOwners.STORE),
                        Serdes.String(), new JsonSerde<>(ProfileOwner.class)).withLoggingDisabled(),
                Topics.PATIENT_PROFILES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                () -> new OwnershipProcessor(seen, new IntakeMetrics(meters)));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config);
        profiles = driver.createInputTopic(Topics.PATIENT_PROFILES.name(), new StringSerializer(),
                new ByteArraySerializer());
        owners = driver.getKeyValueStore(ProfileOwners.STORE);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void theFirstClinicOnTheTopicOwnsThePatientAndItsLaterProfilesReplaceTheKeptOne() {
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/Berlin")));
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/London")));

        assertThat(owners.get("p-1")).isEqualTo(new ProfileOwner("clinic-a", 1,
                profile("p-1", "clinic-a", "Europe/London")));
        assertThat(ignored("other_clinic")).isZero();
    }

    @Test
    void aLaterProfileOfAnotherClinicIsIgnoredCountedAndRemembersThatItCameLast() {
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/Berlin")));
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-b", "Europe/Paris")));

        assertThat(owners.get("p-1")).isEqualTo(new ProfileOwner("clinic-a", 1,
                profile("p-1", "clinic-a", "Europe/Berlin")));
        assertThat(ignored("other_clinic")).isEqualTo(1);

        profiles.pipeInput("p-1", json(profile("p-1", null, "Europe/Paris")));
        assertThat(owners.get("p-1").clinicId()).isEqualTo("clinic-a");
        assertThat(ignored("other_clinic")).isEqualTo(2);
    }

    @Test
    void aPatientWithOnlyProfilesOfNoClinicIsClaimedByTheFirstClinic() {
        profiles.pipeInput("p-1", json(profile("p-1", null, "Europe/Berlin")));
        assertThat(owners.get("p-1").clinicId()).isNull();

        profiles.pipeInput("p-1", json(profile("p-1", "clinic-b", "Europe/Berlin")));
        assertThat(owners.get("p-1").clinicId()).isEqualTo("clinic-b");
    }

    @Test
    void aTombstoneForgetsThePatient() {
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/Berlin")));
        profiles.pipeInput("p-1", (byte[]) null);

        assertThat(owners.get("p-1")).isNull();
    }

    @Test
    void anUnreadableRecordChangesNothingAndIsCounted() {
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/Berlin")));
        profiles.pipeInput("p-1", "not json".getBytes());
        profiles.pipeInput("p-2", "{\"schemaVersion\":1}".getBytes());

        assertThat(owners.get("p-1")).isEqualTo(new ProfileOwner("clinic-a", 0,
                profile("p-1", "clinic-a", "Europe/Berlin")));
        assertThat(owners.get("p-2")).isNull();
        assertThat(ignored("unreadable")).isEqualTo(2);
    }

    @Test
    void aWriterWaitingForItsRecordIsReleasedOnceTheViewHasAppliedIt() {
        var waiting = seen.await(0, 1);
        profiles.pipeInput("p-1", json(profile("p-1", "clinic-a", "Europe/Berlin")));
        assertThat(waiting).isNotDone();

        profiles.pipeInput("p-2", json(profile("p-2", "clinic-a", "Europe/Berlin")));

        assertThat(waiting).isCompleted();
        assertThat(seen.await(0, 0)).isCompleted();
        assertThat(seen.waiting()).isZero();
    }

    private double ignored(String reason) {
        return meters.get("adherence.profiles.ignored").tag("reason", reason).counter().count();
    }

    private static PatientProfileUpdated profile(String patient, String clinic, String zone) {
        return PatientProfileUpdated.of(patient, LocalDate.of(1979, 3, 14), ZoneId.of(zone),
                List.of(new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN)), List.of(),
                Set.of(), Set.of(), Instant.parse("2026-11-24T10:00:00Z"), clinic);
    }

    private static byte[] json(PatientProfileUpdated profile) {
        return Topics.PATIENT_PROFILES.valueSerde().serialize("t", profile);
    }
}
