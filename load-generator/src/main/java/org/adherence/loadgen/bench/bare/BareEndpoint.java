package org.adherence.loadgen.bench.bare;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The limit the intake benchmark compares dose-intake-service with: a bare Spring MVC endpoint of the same shape (the
 * same path, the same dose body bound from JSON, {@code 202} with the event id), on the same Spring Boot, Tomcat and
 * Jackson, with Boot's defaults and nothing else: no security, no validation, no Kafka, no metrics, no tracing.
 * Started by {@code ./bench.sh}: {@code java -Dloader.main=...BareEndpoint ... --server.port=18080}.
 */
@SpringBootApplication
@RestController
public class BareEndpoint {

    /** A dose as an app posts it. */
    public record Dose(UUID eventId, String drug, BigDecimal doseMg, OffsetDateTime takenAt) {
    }

    /** One event's answer. */
    public record Accepted(UUID eventId) {
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BareEndpoint.class);
        application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
        application.run(args);
    }

    @PostMapping(path = "/api/v1/patients/{patientId}/doses", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> dose(@PathVariable String patientId, @RequestBody Dose dose) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(dose.eventId()));
    }
}
