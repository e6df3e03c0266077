package org.adherence.notification.email;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    @Bean
    AlertEmailRenderer alertEmailRenderer() {
        return new AlertEmailRenderer();
    }
}
