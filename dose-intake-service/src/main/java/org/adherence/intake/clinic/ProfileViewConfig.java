package org.adherence.intake.clinic;

import org.adherence.contracts.Topics;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.metrics.IntakeMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The view of which clinic owns which patient: a Kafka Streams topology of one global store over
 * {@code adherence.patient-profiles} (so no consumer group and no stream thread: every instance reads every
 * partition), in memory and rebuilt from the topic at each start. Its client takes {@code spring.kafka.*} (brokers,
 * security, SSL) and {@code spring.kafka.streams.*} like any other of the service's clients.
 */
@Configuration(proxyBeanMethods = false)
class ProfileViewConfig {

    @Bean
    SeenOffsets seenOffsets() {
        return new SeenOffsets();
    }

    @Bean
    ProfileView profileView(KafkaProperties kafka, SeenOffsets seen, IntakeMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProfileOwners.STORE),
                        Serdes.String(), new JsonSerde<>(ProfileOwner.class)).withLoggingDisabled(),
                Topics.PATIENT_PROFILES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                () -> new OwnershipProcessor(seen, metrics));
        return new ProfileView(builder.build(), kafka.buildStreamsProperties());
    }

    @Bean
    ProfileOwners profileOwners(ProfileView view, SeenOffsets seen) {
        return new ProfileOwners(view, seen);
    }

    @Bean
    Enrolments enrolments(ProfileOwners owners, KafkaTemplate<String, Object> kafka, IntakeProperties properties) {
        return new Enrolments(owners, kafka, properties.publishTimeout());
    }

    /** In the readiness group: a care team's requests need the view, so intake takes none before it has it. */
    @Bean
    HealthIndicator profileViewHealthIndicator(ProfileView view) {
        return () -> {
            KafkaStreams.State state = view.state();
            Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up() : Health.down();
            return health.withDetail("state", state == null ? "NOT_STARTED" : state.name()).build();
        };
    }
}
