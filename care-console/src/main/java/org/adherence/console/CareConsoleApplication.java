package org.adherence.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The care team's web console: the clinic's open alerts, what became of their emails, acknowledgement. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CareConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(CareConsoleApplication.class, args);
    }
}
