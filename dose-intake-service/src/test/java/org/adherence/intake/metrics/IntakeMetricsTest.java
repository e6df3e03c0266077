package org.adherence.intake.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class IntakeMetricsTest {

    @Test
    void registersAcceptedCountsDurablePublishTimesAndIgnoredProfilesAtZeroBeforeTheFirstEvent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new IntakeMetrics(registry);

        assertThat(registry.getMeters()).extracting(IntakeMetricsTest::describe).containsExactlyInAnyOrder(
                "adherence.events.received [outcome=accepted, reason=none, type=dose] 0",
                "adherence.events.received [outcome=accepted, reason=none, type=symptoms] 0",
                "adherence.events.received [outcome=accepted, reason=none, type=profile] 0",
                "adherence.intake.publish [outcome=durable, type=dose] 0",
                "adherence.intake.publish [outcome=durable, type=symptoms] 0",
                "adherence.intake.publish [outcome=durable, type=profile] 0",
                "adherence.intake.publish [outcome=durable, type=batch] 0",
                "adherence.profiles.ignored [reason=other_clinic] 0",
                "adherence.profiles.ignored [reason=unreadable] 0");
    }

    private static String describe(Meter meter) {
        return meter.getId().getName() + " " + meter.getId().getTags().stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue()).toList() + " "
                + Math.round(meter.measure().iterator().next().getValue());
    }
}
