package org.adherence.devidp;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** DEV ONLY: with the {@code production} profile the provider refuses to start. */
@Configuration(proxyBeanMethods = false)
@Profile("production")
class ProductionGuard {

    ProductionGuard() {
        throw new IllegalStateException("The dev identity provider is for local use only and refuses to start with "
                + "the 'production' profile: production points the care console at the clinic's own identity "
                + "provider (spring.security.oauth2.client.provider.clinic.issuer-uri)");
    }
}
