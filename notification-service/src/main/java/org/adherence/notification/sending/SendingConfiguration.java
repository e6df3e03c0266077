package org.adherence.notification.sending;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.email.EmailContent;
import org.adherence.notification.email.EmailRenderer;
import org.adherence.notification.metrics.NotificationMetrics;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The senders and what they need. */
@Configuration(proxyBeanMethods = false)
class SendingConfiguration {

    @Bean
    MailServerState mailServerState(NotificationProperties properties, NotificationMetrics metrics) {
        return new MailServerState(properties.retry(), metrics);
    }

    @Bean
    EmailContent emailContent(NotificationProperties properties) {
        return new EmailContent(properties.redactClinicalDetails(), properties.publicUrl());
    }

    @Bean
    EmailRenderer emailRenderer() {
        return new EmailRenderer();
    }

    /**
     * The service's producer ({@code acks=all}, idempotent: {@code spring.kafka.producer.*}): the senders' results and
     * the acknowledgement page's requests.
     */
    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    SenderPool senderPool(NotificationProperties properties, JavaMailSenderImpl mail, EmailContent content,
                          EmailRenderer renderer, AckTokens tokens, KafkaTemplate<String, Object> kafka,
                          NotificationMetrics metrics, MailServerState server, ObservationRegistry observations,
                          Clock clock) {
        return new SenderPool(properties, mail, content, renderer, tokens, kafka, metrics, server, observations, clock);
    }

    /** Replaces Boot's mail health (which opens a connection on every call) with what the senders saw. */
    @Bean
    HealthIndicator mailHealthIndicator(MailServerState server) {
        return new MailHealthIndicator(server);
    }
}
