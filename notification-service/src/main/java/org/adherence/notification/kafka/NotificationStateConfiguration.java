package org.adherence.notification.kafka;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.adherence.contracts.events.AlertAcknowledged;
import org.adherence.contracts.events.AlertQueuedForDigest;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.NotificationFailed;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.notification.ack.Acknowledgements;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.alerts.PendingAlerts;
import org.adherence.notification.delivery.DeadLetters;
import org.adherence.notification.digest.DigestQueue;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The topics this service keeps its state in besides the ledger (held alerts, alerts taken in, dead letters, the
 * digest queue, acknowledgements): their declaration, one writer (acks=all, idempotent), a reader each, and their
 * part of readiness.
 */
@Configuration(proxyBeanMethods = false)
class NotificationStateConfiguration {

    private static final List<Topic<?>> STATE_TOPICS = List.of(Topics.NOTIFICATION_PENDING,
            Topics.NOTIFICATION_ALERTS, Topics.NOTIFICATION_DEAD_LETTERS, Topics.NOTIFICATION_DIGEST_QUEUE,
            Topics.ALERT_ACKNOWLEDGEMENTS);

    @Bean
    KafkaAdmin.NewTopics notificationStateTopics(KafkaTopicProperties topics) {
        return new KafkaAdmin.NewTopics(STATE_TOPICS.stream()
                .map(topics::declare)
                .toArray(NewTopic[]::new));
    }

    @Bean
    KafkaTemplate<String, Object> stateKafkaTemplate(KafkaProperties kafkaProperties,
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> producerFactoryCustomizers) {
        var producerFactory = new DefaultKafkaProducerFactory<String, Object>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new ContractJsonSerializer());
        producerFactory.setBeanName("stateProducerFactory");
        return KafkaClients.template(KafkaClients.customized(producerFactory, producerFactoryCustomizers),
                kafkaProperties);
    }

    @Bean
    PendingAlerts pendingAlerts(KafkaTemplate<String, Object> stateKafkaTemplate, MeterRegistry meters) {
        PendingAlerts pending = new PendingAlerts(typed(stateKafkaTemplate));
        Gauge.builder("adherence.notifications.held", pending, PendingAlerts::size)
                .description("Alerts held because nobody can be mailed yet (no profile, nobody at the severity)")
                .register(meters);
        return pending;
    }

    @Bean
    AlertsTakenIn alertsTakenIn(KafkaTemplate<String, Object> stateKafkaTemplate) {
        return new AlertsTakenIn(typed(stateKafkaTemplate));
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, Object> stateKafkaTemplate) {
        return new DeadLetters(typed(stateKafkaTemplate));
    }

    @Bean
    DigestQueue digestQueue(KafkaTemplate<String, Object> stateKafkaTemplate, MeterRegistry meters) {
        DigestQueue queue = new DigestQueue(typed(stateKafkaTemplate));
        Gauge.builder("adherence.notifications.digest.queued", queue, DigestQueue::size)
                .description("INFO alerts waiting for their patient's daily digest")
                .register(meters);
        return queue;
    }

    @Bean
    Acknowledgements acknowledgements(KafkaTemplate<String, Object> stateKafkaTemplate) {
        return new Acknowledgements(typed(stateKafkaTemplate));
    }

    @Bean
    CompactedTopicReader<AlertRaised> pendingAlertsReader(PendingAlerts store, KafkaProperties kafka,
                                                          MeterRegistry meters) {
        return readerOf(store, kafka, meters);
    }

    @Bean
    CompactedTopicReader<AlertRaised> alertsTakenInReader(AlertsTakenIn store, KafkaProperties kafka,
                                                          MeterRegistry meters) {
        return readerOf(store, kafka, meters);
    }

    @Bean
    CompactedTopicReader<NotificationFailed> deadLettersReader(DeadLetters store, KafkaProperties kafka,
                                                               MeterRegistry meters) {
        return readerOf(store, kafka, meters);
    }

    @Bean
    CompactedTopicReader<AlertQueuedForDigest> digestQueueReader(DigestQueue store, KafkaProperties kafka,
                                                                 MeterRegistry meters) {
        return readerOf(store, kafka, meters);
    }

    @Bean
    CompactedTopicReader<AlertAcknowledged> acknowledgementsReader(Acknowledgements store, KafkaProperties kafka,
                                                                   MeterRegistry meters) {
        return readerOf(store, kafka, meters);
    }

    /** Part of readiness: nothing is mailed before this service knows what it has already done. */
    @Bean
    HealthIndicator notificationStateHealthIndicator(List<KafkaBackedMap<?>> stores) {
        return () -> {
            Health.Builder health = stores.stream().allMatch(KafkaBackedMap::isLoaded) ? Health.up() : Health.down();
            stores.forEach(store -> health.withDetail(store.topic().name(),
                    store.isLoaded() ? store.size() + " loaded" : "loading"));
            return health.build();
        };
    }

    private static <V> CompactedTopicReader<V> readerOf(KafkaBackedMap<V> store, KafkaProperties kafka,
                                                        MeterRegistry meters) {
        return new CompactedTopicReader<>(store.topic(), kafka.buildConsumerProperties(), store::apply,
                store::markLoaded, () -> { }, meters);
    }

    @SuppressWarnings("unchecked")
    private static <V> KafkaOperations<String, V> typed(KafkaTemplate<String, Object> template) {
        return (KafkaOperations<String, V>) (KafkaOperations<String, ?>) template;
    }
}
