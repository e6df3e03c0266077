package org.adherence.rules.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the rules.
 *
 * @param rulePacks                where the rule packs are (a Spring resource pattern); one file per drug
 * @param scanInterval             how often time-based rules are checked, on wall-clock time
 * @param historyRetention         how long a patient's events are kept in state; longer than the 30 days intake
 *                                 accepts late events for, so a late event always finds its context
 * @param maxEventsPerPatient      the most events (and findings) held for one patient; beyond it the oldest are
 *                                 dropped (logged once per patient), so that one runaway app cannot grow the state
 *                                 without end. At most 10,000: an alert citing every event of a day stays far below
 *                                 the broker's record limit
 * @param settleTime               how long a patient's events must have stopped arriving before the scan judges the
 *                                 time-based rules: an app that syncs days of doses posts them one by one, and a
 *                                 scan between two of them would take the gap the next one fills for a sudden stop
 * @param maxStateBytesPerPatient  the most bytes of events held for one patient, beyond which the oldest are dropped
 *                                 too; a profile's arrival reads them all
 * @param scanBudget               the longest one scan judges due patients on a stream thread; those left are judged
 *                                 by the next scan
 * @param maxThreadReplacements    stream threads that died replaced within {@code threadReplacementWindow}; one more
 *                                 stops the Kafka Streams client (readiness DOWN), since a thread that dies again and
 *                                 again on the same record would otherwise loop for ever
 * @param threadReplacementWindow  see {@code maxThreadReplacements}
 */
@Validated
@ConfigurationProperties("adherence.rules")
public record RulesProperties(
        @NotBlank @DefaultValue("classpath*:rulepacks/*.json") String rulePacks,
        @NotNull @DefaultValue("PT1M") Duration scanInterval,
        @NotNull @DefaultValue("P35D") Duration historyRetention,
        @Min(10) @Max(10_000) @DefaultValue("5000") int maxEventsPerPatient,
        @NotNull @DefaultValue("PT1M") Duration settleTime,
        @NotNull @DefaultValue("1MB") DataSize maxStateBytesPerPatient,
        @NotNull @DefaultValue("PT0.5S") Duration scanBudget,
        @Min(0) @DefaultValue("5") int maxThreadReplacements,
        @NotNull @DefaultValue("PT10M") Duration threadReplacementWindow) {

    @ConstructorBinding
    public RulesProperties {
    }

    /** The settings a test names, the others at their defaults. */
    public RulesProperties(String rulePacks, Duration scanInterval, Duration historyRetention, int maxEventsPerPatient,
                           Duration settleTime) {
        this(rulePacks, scanInterval, historyRetention, maxEventsPerPatient, settleTime, DataSize.ofMegabytes(1),
                Duration.ofMillis(500), 5, Duration.ofMinutes(10));
    }
}
