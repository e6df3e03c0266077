package org.adherence.notification;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of notification-service ({@code adherence.notification.*}).
 *
 * @param from           the sender of every email
 * @param criticalRepeat reminder interval of an unacknowledged CRITICAL alert
 * @param publicUrl      base of the links in emails
 * @param retry          how long an alert that cannot be mailed yet waits before the next attempt
 */
@Validated
@ConfigurationProperties(prefix = "adherence.notification")
public record NotificationProperties(
        @DefaultValue("alerts@adherence.local") @NotBlank @Email String from,
        @DefaultValue("PT15M") @NotNull @DurationMin(seconds = 1) Duration criticalRepeat,
        @DefaultValue("http://localhost:8082") @NotNull URI publicUrl,
        @DefaultValue @NotNull @Valid Retry retry) {

    /**
     * Exponential back-off between attempts to mail one alert; attempts never stop.
     *
     * @param initialInterval the wait after the first failure, doubled after each further one
     * @param maxInterval     the longest wait
     */
    public record Retry(@DefaultValue("PT1S") @NotNull @DurationMin(millis = 1) Duration initialInterval,
                        @DefaultValue("PT30S") @NotNull @DurationMin(millis = 1) Duration maxInterval) {
    }
}
