package org.adherence.intake.ratelimit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Requests a minute per token subject (CONTRACT.md, "Limits"), per instance of intake: with n instances behind a load
 * balancer a subject may get up to n times as many (docs/security.md).
 *
 * @param patient     with a patient app's token; 0: no limit
 * @param careTeam    with a care team's token ({@code patients:write}); 0: no limit
 * @param maxSubjects buckets kept at most; a bucket idle for two minutes is full again and is dropped anyway
 */
@Validated
@ConfigurationProperties("adherence.intake.rate-limit")
public record RateLimitProperties(
        @DefaultValue("120") @Min(0) int patient,
        @DefaultValue("6000") @Min(0) int careTeam,
        @DefaultValue("100000") @Min(1) int maxSubjects) {
}
