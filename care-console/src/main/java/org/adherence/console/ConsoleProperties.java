package org.adherence.console;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the console finds the platform ({@code adherence.console.*}).
 *
 * @param notificationUrl notification-service, which holds the alerts, their delivery logs and acknowledgements
 * @param rulesUrl        rules-service, which holds each patient's doses, symptom reports, findings and profile
 * @param quietAfter      the quiet patients' page's silence until the user picks another (PT1H to P30D)
 * @param timeout         how long a page waits for a service before it says the service is not available
 */
@Validated
@ConfigurationProperties("adherence.console")
public record ConsoleProperties(@NotNull @DefaultValue("http://localhost:8082") URI notificationUrl,
                                @NotNull @DefaultValue("http://localhost:8081") URI rulesUrl,
                                @NotNull @DefaultValue("PT24H") Duration quietAfter,
                                @NotNull @DefaultValue("PT10S") Duration timeout) {
}
