package org.adherence.console.patients;

import java.time.Duration;
import java.util.Optional;

import org.adherence.console.ConsoleProperties;
import org.adherence.console.platform.PlatformCalls;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * rules-service's reads of its own state (Kafka Streams' interactive queries, answered by whichever instance holds
 * the patient), with the signed-in user's token: rules-service answers only for patients of the token's clinic.
 */
@Component
public class RecordClient {

    static final String SERVICE = "rules-service";

    private final RestClient rules;

    RecordClient(RestClient.Builder builder, OAuth2AuthorizedClientManager clients, ConsoleProperties properties) {
        this.rules = PlatformCalls.relaying(builder, clients, properties, properties.rulesUrl());
    }

    /** The patient's record of the last {@code days} days; empty when the patient is not one of the clinic's. */
    public Optional<PatientRecord> record(String patientId, int days) {
        return PlatformCalls.call(SERVICE, () -> rules.get()
                .uri("/api/v1/patients/{patientId}/record?days={days}", patientId, days)
                .accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> PlatformCalls.read(SERVICE, response.getStatusCode(),
                        response.getBody(), PatientRecord.class)));
    }

    /** The clinic's patients silent for longer than {@code silentFor}, most silent first. */
    public QuietPatients quiet(Duration silentFor) {
        return PlatformCalls.call(SERVICE, () -> rules.get()
                .uri("/api/v1/quiet-patients?silentFor={silentFor}", silentFor.toString())
                .accept(MediaType.APPLICATION_JSON)
                .exchange((request, response) -> PlatformCalls.read(SERVICE, response.getStatusCode(),
                        response.getBody(), QuietPatients.class)))
                .orElseThrow(() -> new PlatformCalls.ServiceUnavailable(SERVICE, SERVICE + " answered 404 to the list"));
    }
}
