package org.adherence.intake.metrics;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What intake counts and times (the names in Prometheus form):
 * <ul>
 * <li>{@code adherence_events_received_total{type,outcome,reason}}: each accepted event once under its own type
 * (a batch's items one by one), each refused request once under the type of its path;</li>
 * <li>{@code adherence_intake_publish_seconds{type,outcome}}: from the request's arrival at intake to the broker's
 * acknowledgement of its last record ({@code durable}), or to the 503 ({@code not_durable}). The sample starts in
 * the outermost filter ({@link RequestArrivalFilter}), before authentication, reading and checking the body; the
 * controller hands it to the publisher from the request attribute {@link #ARRIVAL}.</li>
 * <li>{@code adherence_profiles_ignored_total{reason}}: profile records the view of which clinic owns which patient
 * ignored ({@code other_clinic}, {@code unreadable}).</li>
 * </ul>
 */
@Component
public class IntakeMetrics {

    /**
     * The request attribute holding the {@link Timer.Sample} of {@code adherence.intake.publish} started when the
     * request arrived at intake (a literal, so that {@code @RequestAttribute} can name it).
     */
    public static final String ARRIVAL = "org.adherence.intake.metrics.IntakeMetrics.ARRIVAL";

    static final String RECEIVED = "adherence.events.received";

    static final String PUBLISH = "adherence.intake.publish";

    static final String PROFILES_IGNORED = "adherence.profiles.ignored";

    /** The {@code reason} of a profile record the view of owners ignores. */
    public enum IgnoredProfile {
        /** Another clinic's profile (or one of no clinic) for a patient a clinic owns: the race of two enrolments. */
        OTHER_CLINIC,
        /** Not a profile at all. */
        UNREADABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final List<EventType> EVENTS = List.of(EventType.DOSE, EventType.SYMPTOMS, EventType.PROFILE);

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // at 0 from the start, so that dashboards and rate() see the series before the first event
        for (EventType type : EVENTS) {
            received(type, "accepted", "none");
        }
        for (EventType type : List.of(EventType.DOSE, EventType.SYMPTOMS, EventType.PROFILE, EventType.BATCH)) {
            publish(type, true);
        }
        for (IgnoredProfile reason : IgnoredProfile.values()) {
            ignored(reason);
        }
    }

    /** A record of the profiles topic the view of owners read and ignored; every instance counts every such record. */
    public void profileIgnored(IgnoredProfile reason) {
        ignored(reason).increment();
    }

    private Counter ignored(IgnoredProfile reason) {
        return Counter.builder(PROFILES_IGNORED)
                .description("Profile records ignored: of another clinic than the patient's, or unreadable")
                .tag("reason", reason.tag())
                .register(registry);
    }

    public void accepted(EventType type) {
        received(type, "accepted", "none").increment();
    }

    public void rejected(EventType type, RejectionReason reason) {
        received(type, "rejected", reason.tag()).increment();
    }

    /** Starts timing a request now: on its arrival, or in the publisher for a request that has no arrival. */
    public Timer.Sample startPublish() {
        return Timer.start(registry);
    }

    public void published(Timer.Sample publishing, EventType type, boolean durable) {
        publishing.stop(publish(type, durable));
    }

    private Counter received(EventType type, String outcome, String reason) {
        return Counter.builder(RECEIVED)
                .description("Events accepted (each event of a batch on its own) and requests refused, by reason")
                .tags("type", type.tag(), "outcome", outcome, "reason", reason)
                .register(registry);
    }

    private Timer publish(EventType type, boolean durable) {
        return Timer.builder(PUBLISH)
                .description("From the request's arrival to the broker's acknowledgement of its last record, "
                        + "or to its 503")
                .tags("type", type.tag(), "outcome", durable ? "durable" : "not_durable")
                .publishPercentileHistogram()
                .register(registry);
    }
}
