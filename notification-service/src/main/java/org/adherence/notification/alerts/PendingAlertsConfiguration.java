package org.adherence.notification.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.kafka.CompactedTopicReader;
import org.adherence.notification.kafka.KafkaTopicProperties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The pending topic, which this service owns: its declaration, its writer, its reader and its health. */
@Configuration(proxyBeanMethods = false)
class PendingAlertsConfiguration {

    @Bean
    KafkaAdmin.NewTopics pendingAlertsTopic(KafkaTopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                Topics.NOTIFICATION_PENDING.newTopic(topics.partitions(), topics.replicationFactor()));
    }

    @Bean
    PendingAlerts pendingAlerts(KafkaProperties kafkaProperties, MeterRegistry meters) {
        PendingAlerts pending = new PendingAlerts(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(),
                Topics.NOTIFICATION_PENDING.valueSerde().serializer())));
        Gauge.builder("notification.alerts.pending", pending, PendingAlerts::size)
                .description("Alerts held because nobody can be mailed yet (no profile, nobody at the severity)")
                .register(meters);
        return pending;
    }

    @Bean
    CompactedTopicReader<AlertRaised> pendingAlertsReader(PendingAlerts pending, KafkaProperties kafkaProperties) {
        return new CompactedTopicReader<>(Topics.NOTIFICATION_PENDING, kafkaProperties.buildConsumerProperties(),
                pending::apply, pending::markLoaded, () -> { });
    }

    /** Part of readiness: held alerts are mailed only once they are all known. */
    @Bean
    HealthIndicator pendingAlertsHealthIndicator(PendingAlerts pending) {
        return () -> (pending.isLoaded() ? Health.up() : Health.down())
                .withDetail("topic", Topics.NOTIFICATION_PENDING.name())
                .withDetail("loaded", pending.isLoaded())
                .withDetail("pending", pending.size())
                .build();
    }
}
