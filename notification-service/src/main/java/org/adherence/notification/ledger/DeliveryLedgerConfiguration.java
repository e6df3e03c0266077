package org.adherence.notification.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.notification.kafka.CompactedTopicReader;
import org.adherence.notification.kafka.KafkaClients;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** The deliveries topic, which this service owns: its declaration, its writer and its reader. */
@Configuration(proxyBeanMethods = false)
class DeliveryLedgerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedgerConfiguration.class);

    @Bean
    NewTopic notificationDeliveriesTopic(KafkaTopicProperties topics) {
        return topics.declare(Topics.NOTIFICATION_DELIVERIES);
    }

    @Bean
    ProducerFactory<String, NotificationDelivered> deliveryProducerFactory(KafkaProperties kafkaProperties,
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        return KafkaClients.customized(new DefaultKafkaProducerFactory<>(kafkaProperties.buildProducerProperties(),
                new StringSerializer(), Topics.NOTIFICATION_DELIVERIES.valueSerde().serializer()), customizers);
    }

    @Bean
    KafkaTemplate<String, NotificationDelivered> deliveryKafkaTemplate(
            ProducerFactory<String, NotificationDelivered> deliveryProducerFactory, KafkaProperties kafkaProperties) {
        return KafkaClients.template(deliveryProducerFactory, kafkaProperties);
    }

    @Bean
    DeliveryLedger deliveryLedger(KafkaTemplate<String, NotificationDelivered> deliveryKafkaTemplate,
                                  ApplicationEventPublisher events) {
        return new DeliveryLedger(deliveryKafkaTemplate, events);
    }

    @Bean
    CompactedTopicReader<NotificationDelivered> deliveriesReader(DeliveryLedger ledger,
                                                                 KafkaProperties kafkaProperties,
                                                                 KafkaAdmin admin,
                                                                 NewTopic notificationDeliveriesTopic,
                                                                 MeterRegistry meters) {
        // the admin creates the topic at start; if the broker was not reachable then, try again while waiting
        Runnable createTopic = () -> {
            try {
                admin.createOrModifyTopics(notificationDeliveriesTopic);
            }
            catch (KafkaException e) {
                log.warn("Cannot create {} yet: {}", notificationDeliveriesTopic.name(), e.toString());
            }
        };
        return new CompactedTopicReader<>(Topics.NOTIFICATION_DELIVERIES, kafkaProperties.buildConsumerProperties(),
                ledger::apply, ledger::markLoaded, createTopic, meters);
    }

    /** Part of readiness: no alert is consumed before the ledger is loaded. */
    @Bean
    HealthIndicator deliveryLedgerHealthIndicator(DeliveryLedger ledger) {
        return () -> (ledger.isLoaded() ? Health.up() : Health.down())
                .withDetail("topic", Topics.NOTIFICATION_DELIVERIES.name())
                .withDetail("loaded", ledger.isLoaded())
                .withDetail("deliveries", ledger.size())
                .build();
    }
}
