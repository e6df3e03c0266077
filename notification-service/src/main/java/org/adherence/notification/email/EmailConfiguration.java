package org.adherence.notification.email;

import org.adherence.notification.NotificationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    @Bean
    AlertEmailRenderer alertEmailRenderer(NotificationProperties properties) {
        return new AlertEmailRenderer(properties.redactClinicalDetails(), properties.publicUrl());
    }
}
