package org.adherence.intake.config;

import java.time.Clock;

import org.adherence.contracts.json.ContractJson;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** HTTP bodies read times exactly as the topics do: with the offset the app sent. */
    @Bean
    JsonMapperBuilderCustomizer contractJson() {
        return ContractJson::configure;
    }
}
