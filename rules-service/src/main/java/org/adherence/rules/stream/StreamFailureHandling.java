package org.adherence.rules.stream;

import java.time.Clock;

import org.adherence.rules.config.RulesProperties;
import org.adherence.support.streams.StreamThreadReplacement;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * What keeps one record from stopping every patient's alerts: the processing and production exception handlers
 * (named in application.yml, see their classes) and a stream thread that dies replaced
 * ({@link StreamThreadReplacement}). The binder sets an uncaught-exception handler that stops the client on every
 * factory bean when it starts it; the customizer runs after that, just before {@link KafkaStreams#start()}, and puts
 * ours in its place. A client that stops anyway is not RUNNING: the binder's health indicator turns readiness DOWN,
 * and {@code adherence_rules_stream_running} reads 0.
 */
@Configuration(proxyBeanMethods = false)
class StreamFailureHandling {

    @Bean
    StreamsBuilderFactoryBeanConfigurer rulesStreamFailureHandling(RulesMetrics metrics, RulesProperties properties,
            @Value("${spring.cloud.stream.kafka.streams.binder.application-id}") String applicationId) {
        StreamFailures.register(applicationId, metrics);
        return factoryBean -> {
            factoryBean.setStateListener((now, before) -> metrics.streamRunning(now.isRunningOrRebalancing()));
            factoryBean.setKafkaStreamsCustomizer(streams -> streams.setUncaughtExceptionHandler(
                    new StreamThreadReplacement("rules-service", properties.maxThreadReplacements(),
                            properties.threadReplacementWindow(), metrics::threadReplaced, Clock.systemUTC())));
        };
    }
}
