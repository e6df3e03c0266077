package org.adherence.notification.careteam;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.kafka.CompactedTopicReader;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Feeds the {@link CareTeamDirectory} from the profiles topic, which intake owns and declares. */
@Configuration(proxyBeanMethods = false)
class CareTeamConfiguration {

    @Bean
    CareTeamDirectory careTeamDirectory() {
        return new CareTeamDirectory();
    }

    @Bean
    CompactedTopicReader<PatientProfileUpdated> profilesReader(CareTeamDirectory directory,
                                                               KafkaProperties kafkaProperties,
                                                               MeterRegistry meters) {
        return new CompactedTopicReader<>(Topics.PATIENT_PROFILES, kafkaProperties.buildConsumerProperties(),
                directory::apply, directory::markCaughtUp, () -> { }, meters);
    }

    /** Part of readiness: an alert cannot be routed before the profiles are known. */
    @Bean
    HealthIndicator profilesHealthIndicator(CareTeamDirectory directory) {
        return () -> (directory.isCaughtUp() ? Health.up() : Health.down())
                .withDetail("topic", Topics.PATIENT_PROFILES.name())
                .withDetail("caughtUp", directory.isCaughtUp())
                .withDetail("patients", directory.size())
                .build();
    }
}
