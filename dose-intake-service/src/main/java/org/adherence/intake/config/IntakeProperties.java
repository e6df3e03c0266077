package org.adherence.intake.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the intake.
 *
 * @param publishTimeout  how long a request waits for the broker's acknowledgement before answering 503: a little
 *                        longer than the producer's {@code delivery.timeout.ms}, so that a leader election is ridden out
 * @param retryAfter      the {@code Retry-After} a 503 suggests
 * @param maxBodySize     larger request bodies are refused with 413 before they are read
 * @param maxBatchItems   doses and symptom reports together in one batch
 * @param maxEventAge     how far in the past an event may lie (apps sync late)
 * @param maxClockSkew    how far in the future an event may lie (phones' clocks drift)
 * @param rulePacks       where the rule packs are; an event for a drug no pack covers is refused with 422
 * @param inFlightBudget  the memory the requests in hand may take (each its body four times over and 32 KiB); past it
 *                        a request is answered 503 with Retry-After before it is read (see {@code InFlightLimit})
 */
@Validated
@ConfigurationProperties("adherence.intake")
public record IntakeProperties(
        @NotNull @DefaultValue("PT22S") Duration publishTimeout,
        @NotNull @DefaultValue("PT5S") Duration retryAfter,
        @NotNull @DefaultValue("2MB") DataSize maxBodySize,
        @Min(1) @Max(10_000) @DefaultValue("1000") int maxBatchItems,
        @NotNull @DefaultValue("P30D") Duration maxEventAge,
        @NotNull @DefaultValue("PT5M") Duration maxClockSkew,
        @NotBlank @DefaultValue("classpath*:rulepacks/*.json") String rulePacks,
        @NotNull @DefaultValue("64MB") DataSize inFlightBudget) {
}
