package org.adherence.devidp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * DEV ONLY: a local OpenID Connect provider for the care-team console (README.md). Its access tokens are signed HS256
 * with the platform's local key, so the services accept the token the console relays; it never runs in production.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DevIdentityProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(DevIdentityProviderApplication.class, args);
    }
}
