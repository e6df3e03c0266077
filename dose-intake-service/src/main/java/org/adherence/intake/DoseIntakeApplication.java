package org.adherence.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** REST intake of patient apps' dose and symptom events; answers 202 only once Kafka holds the event durably. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DoseIntakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(DoseIntakeApplication.class, args);
    }
}
