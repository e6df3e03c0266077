package org.adherence.rules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Checks each patient's event stream against the rule packs and raises alerts (Kafka Streams). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RulesServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RulesServiceApplication.class, args);
    }
}
