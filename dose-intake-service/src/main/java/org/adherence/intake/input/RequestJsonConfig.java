package org.adherence.intake.input;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;

/**
 * Spring MVC's JSON converter reads and writes with {@link RequestJson}'s mapper instead of Boot's shared one, which
 * stays as it is for everything else.
 */
@Configuration(proxyBeanMethods = false)
class RequestJsonConfig {

    @Bean
    StrictJsonConverter strictJsonConverter(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        return new StrictJsonConverter(new Utf8JsonHttpMessageConverter(RequestJson.mapper(customizers.orderedStream())));
    }

    /** After Boot's own JSON converter customizer (order 0), so that this converter replaces it. */
    record StrictJsonConverter(Utf8JsonHttpMessageConverter converter)
            implements ServerHttpMessageConvertersCustomizer, Ordered {

        @Override
        public void customize(HttpMessageConverters.ServerBuilder builder) {
            builder.withJsonConverter(converter);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
