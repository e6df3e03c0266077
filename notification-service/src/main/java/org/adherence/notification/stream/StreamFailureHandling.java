package org.adherence.notification.stream;

import java.time.Clock;
import java.time.Duration;

import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.support.streams.StreamThreadReplacement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * A stream thread that dies (a dead-letter topic that could not be written, a bug on one record) is replaced and
 * takes its tasks up again from their last commit, instead of the binder's default of stopping every patient's
 * emails. Ten within ten minutes is a loop, not a hiccup: then the client stops, readiness turns DOWN and
 * {@code AdherenceNotificationStreamNotRunning} fires.
 */
@Configuration(proxyBeanMethods = false)
class StreamFailureHandling {

    static final int MAX_REPLACEMENTS = 10;

    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    @Bean
    StreamsBuilderFactoryBeanConfigurer notificationStreamFailureHandling(NotificationMetrics metrics) {
        return factoryBean -> factoryBean.setKafkaStreamsCustomizer(streams -> streams.setUncaughtExceptionHandler(
                new StreamThreadReplacement("notification-service", MAX_REPLACEMENTS, REPLACEMENT_WINDOW,
                        metrics::streamThreadReplaced, Clock.systemUTC())));
    }
}
