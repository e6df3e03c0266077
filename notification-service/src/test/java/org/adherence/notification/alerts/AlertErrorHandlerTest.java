package org.adherence.notification.alerts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.adherence.contracts.Topics;
import org.adherence.notification.NotificationProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the alerts consumer's error handler gives up on (commits the offset of): only what cannot be read, and only once
 * the dead-letter topic holds it (shown with a real broker by fault-tests' MalformedRecordFaultTest).
 */
class AlertErrorHandlerTest {

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    private final DefaultErrorHandler handler = errorHandler();

    private final ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.ALERTS.name(), 0, 42, "p-1", null);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdown();
    }

    @Test
    void retriesAnAlertWhoseHandlingFailedWithAnyBugRatherThanSkippingIt() {
        // a ClassCastException is among spring-kafka's default "not retryable" exceptions: the alert would be lost
        Exception failure = new ListenerExecutionFailedException("listener failed",
                new AlertNotDeliveredYetException(record, new ClassCastException("a bug")));

        assertThat(handler.handleOne(failure, record, null, null)).as("given up on").isFalse();
    }

    @Test
    void keepsARecordThatCannotBeReadAsAnAlertUntilTheDeadLetterTopicHoldsIt() {
        // no broker answers here: the unreadable record cannot be dead-lettered, so it is not given up on either
        Exception failure = new ListenerExecutionFailedException("listener failed",
                new DeserializationException("not an alert", "{".getBytes(StandardCharsets.UTF_8), false,
                        new IllegalArgumentException("truncated")));

        assertThat(handler.handleOne(failure, record, null, null)).as("given up on").isFalse();
    }

    private DefaultErrorHandler errorHandler() {
        scheduler.initialize();
        NotificationProperties properties = new NotificationProperties("alerts@adherence.local",
                Duration.ofMinutes(15), URI.create("http://localhost:8082"),
                new NotificationProperties.Retry(Duration.ofMillis(1), Duration.ofMillis(1)), false,
                NotificationProperties.DEV_ACK_SIGNING_KEY, Duration.ofDays(7), Duration.ofMinutes(1));
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("localhost:1"));
        kafka.getProducer().getProperties().put("max.block.ms", "300");
        return new AlertListenerConfiguration().alertErrorHandler(properties, new KafkaListenerEndpointRegistry(),
                scheduler, kafka, new SimpleMeterRegistry());
    }
}
