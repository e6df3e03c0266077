package org.adherence.notification.alerts;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.delivery.PartitionOwnership;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumer of the alerts topic: commits an alert's offset only after it has been handled, retries every
 * failure with exponential back-off and without limit, and sends only records that cannot be read at all to a dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class AlertListenerConfiguration {

    static final String CONTAINER_FACTORY = "alertListenerContainerFactory";

    /** Where alert records that cannot be read go, raw, with the reason in the headers. */
    static final String DEAD_LETTER_TOPIC = "error." + Topics.ALERTS.name() + "." + AlertListener.GROUP_ID;

    static final String DEAD_LETTERED = "adherence.alerts.dead.lettered";

    private static final Logger log = LoggerFactory.getLogger(AlertListenerConfiguration.class);

    /** Each alert may take a few SMTP round trips; a small batch stays well inside max.poll.interval.ms. */
    private static final int MAX_POLL_RECORDS = 50;

    @Bean(name = CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, AlertRaised> alertListenerContainerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler alertErrorHandler, PartitionOwnership ownership,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> consumerFactoryCustomizers) {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts at the oldest alert still kept; the ledger keeps it from mailing one twice
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // rules-service writes alerts in exactly-once transactions: never mail one whose transaction aborted
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var consumerFactory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(Topics.ALERTS.valueSerde().deserializer()));
        consumerFactory.setBeanName("alertConsumerFactory");
        // Boot customizes only the factories it builds; its customizers add the kafka_consumer_* metrics (lag above all)
        consumerFactoryCustomizers.orderedStream().forEach(customizer -> customizer.customize(consumerFactory));

        var factory = new ConcurrentKafkaListenerContainerFactory<String, AlertRaised>();
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.setCommonErrorHandler(alertErrorHandler);
        // a partition is mailed for only once what its previous owner recorded is known here
        factory.getContainerProperties().setConsumerRebalanceListener(ownership);
        // one observation per alert, continuing the trace of its traceparent header: the log lines about it carry the
        // trace id of the event that raised it (Boot applies spring.kafka.listener.* only to the factory it builds)
        factory.getContainerProperties().setObservationEnabled(kafkaProperties.getListener().isObservationEnabled());
        return factory;
    }

    @Bean
    DefaultErrorHandler alertErrorHandler(NotificationProperties properties, KafkaListenerEndpointRegistry registry,
                                          ThreadPoolTaskScheduler alertRetryScheduler, KafkaProperties kafkaProperties,
                                          MeterRegistry meters) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        var deadLetters = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer())),
                (record, exception) -> new TopicPartition(DEAD_LETTER_TOPIC, record.partition()));
        // the record is only given up on once the dead-letter topic holds it (acks=all); a failed send retries
        deadLetters.setFailIfSendResultIsError(true);
        Counter deadLettered = Counter.builder(DEAD_LETTERED)
                .description("Alert records that could not be read, sent to the dead-letter topic")
                .register(meters);
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, exception) -> deadLetterUnreadable(record, exception, deadLetters, deadLettered), backOff,
                new PartitionPausingBackOffHandler(new ListenerContainerPauseService(registry, alertRetryScheduler)));
        // only a record that cannot be read as an alert is given up on; spring-kafka's defaults would also give up
        // (commit the offset, lose the alert) on a ClassCastException or NoSuchMethodException of a bug in handling
        handler.setClassifications(Map.of(DeserializationException.class, false), true);
        // each failed attempt is logged by the listener in one line; the stack trace is for debugging only
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics alertDeadLetterTopic(KafkaTopicProperties topics) {
        return new KafkaAdmin.NewTopics(topics.declare(DEAD_LETTER_TOPIC, false));
    }

    @Bean
    ThreadPoolTaskScheduler alertRetryScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("alert-retry-");
        scheduler.setPoolSize(1);
        return scheduler;
    }

    /**
     * Reached only for records that can never be handled (they cannot be read as an alert: garbage, or a rule or
     * severity this version does not know): kept on the dead-letter topic and counted, never dropped. Every other
     * failure is retried without end.
     */
    private static void deadLetterUnreadable(ConsumerRecord<?, ?> record, Exception exception,
                                             DeadLetterPublishingRecoverer deadLetters, Counter deadLettered) {
        if (!isUnreadable(exception)) {
            // never commit an alert that was read: throwing here makes the handler seek back and try again
            throw new IllegalStateException("Alert record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is readable; it is not skipped", exception);
        }
        deadLetters.accept(record, exception);
        deadLettered.increment();
        log.error("Unreadable alert record {}-{}@{} ({}) sent to {}", record.topic(), record.partition(),
                record.offset(), rootCauseOf(exception).getClass().getName(), DEAD_LETTER_TOPIC);
    }

    private static boolean isUnreadable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCauseOf(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
