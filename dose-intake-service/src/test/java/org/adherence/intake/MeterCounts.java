package org.adherence.intake;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Intake's counters or timers as {@code "<tag values>" -> count}, so that a test can assert everything a request
 * changed: the counts since a snapshot, leaving out those that stayed the same.
 */
final class MeterCounts {

    private final Function<MeterRegistry, Map<String, Double>> read;

    private final MeterRegistry registry;

    private final Map<String, Double> before;

    private MeterCounts(MeterRegistry registry, Function<MeterRegistry, Map<String, Double>> read) {
        this.read = read;
        this.registry = registry;
        this.before = read.apply(registry);
    }

    /** {@code adherence.events.received}, keyed {@code "<type> <outcome> <reason>"}. */
    static MeterCounts received(MeterRegistry registry) {
        return new MeterCounts(registry, r -> r.find("adherence.events.received").counters().stream()
                .collect(Collectors.toMap(c -> tags(c, "type", "outcome", "reason"), Counter::count)));
    }

    /** How many requests {@code adherence.intake.publish} timed, keyed {@code "<type> <outcome>"}. */
    static MeterCounts publishTimes(MeterRegistry registry) {
        return new MeterCounts(registry, r -> r.find("adherence.intake.publish").timers().stream()
                .collect(Collectors.toMap(t -> tags(t, "type", "outcome"), t -> (double) t.count())));
    }

    /** How many requests Boot's {@code http.server.requests} timed, keyed {@code "<method> <status> <uri>"}. */
    static MeterCounts httpRequests(MeterRegistry registry) {
        return new MeterCounts(registry, r -> r.find("http.server.requests").timers().stream()
                .collect(Collectors.toMap(t -> tags(t, "method", "status", "uri"), t -> (double) t.count(),
                        Double::sum)));
    }

    Map<String, Double> since() {
        Map<String, Double> changed = new TreeMap<>();
        read.apply(registry).forEach((key, count) -> {
            double delta = count - before.getOrDefault(key, 0.0);
            if (delta != 0) {
                changed.put(key, delta);
            }
        });
        return changed;
    }

    private static String tags(Meter meter, String... keys) {
        StringBuilder values = new StringBuilder();
        for (String key : keys) {
            values.append(values.isEmpty() ? "" : " ").append(meter.getId().getTag(key));
        }
        return values.toString();
    }
}
