package org.adherence.rules.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the rules.
 *
 * @param rulePacks           where the rule packs are (a Spring resource pattern); one file per drug
 * @param scanInterval        how often time-based rules are checked, on wall-clock time
 * @param historyRetention    how long a patient's events are kept in state; longer than the 30 days intake accepts
 *                            late events for, so a late event always finds its context
 * @param maxEventsPerPatient the most events (and findings) held for one patient; beyond it the oldest are dropped
 *                            (logged once per patient), so that one runaway app cannot grow the state without end
 * @param settleTime          how long a patient's events must have stopped arriving before the scan judges the
 *                            time-based rules: an app that syncs days of doses posts them one by one, and a scan
 *                            between two of them would take the gap the next one fills for a sudden stop
 */
@Validated
@ConfigurationProperties("adherence.rules")
public record RulesProperties(
        @NotBlank @DefaultValue("classpath*:rulepacks/*.json") String rulePacks,
        @NotNull @DefaultValue("PT1M") Duration scanInterval,
        @NotNull @DefaultValue("P35D") Duration historyRetention,
        @Min(10) @DefaultValue("5000") int maxEventsPerPatient,
        @NotNull @DefaultValue("PT1M") Duration settleTime) {
}
