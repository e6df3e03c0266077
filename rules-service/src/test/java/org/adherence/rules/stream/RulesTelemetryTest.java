package org.adherence.rules.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.rules.RuleCatalog;
import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.engine.AlertIds;
import org.adherence.rules.pack.RulePacks;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What operators see of the topology: each alert in the trace of the event that raised it (a scan's alert in a trace
 * of its own), its log line carrying that trace id, and the meters. A real Brave tracer behind the Observation API,
 * wired as Spring Boot wires it, without a broker.
 */
class RulesTelemetryTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-11-24T12:00:00Z");

    private static final String TRACEPARENT = "traceparent";

    private static final String EVENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String EVENT_SPAN_ID = "00f067aa0ba902b7";

    private static final Pattern SAMPLED_TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");

    private static final RulesProperties PROPERTIES = new RulesProperties("classpath*:rulepacks/*.json",
            Duration.ofMinutes(1), Duration.ofDays(35), 5000, Duration.ofMinutes(1));

    private final Tracing tracing = Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder()
                    .addScopeDecorator(MDCScopeDecorator.get()).build())
            .propagationFactory(new W3CPropagation())
            .traceId128Bit(true)
            .sampler(Sampler.ALWAYS_SAMPLE)
            .build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // the MDC (trace id, span id) as it was when the line was written, not when the test reads it
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private TopologyTestDriver driver;

    private TestInputTopic<String, DoseTaken> doses;

    private TestOutputTopic<String, AlertRaised> alerts;

    @BeforeEach
    void start() {
        BraveTracer tracer = new BraveTracer(tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
        BravePropagator propagator = new BravePropagator(tracing);
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(
                new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        driver = RulesTopologyDriver.start(RuleCatalog.engine(RulePacks.load(PROPERTIES.rulePacks())), PROPERTIES,
                new RulesMetrics(meters), observations, WALL_CLOCK);
        doses = driver.createInputTopic(Topics.DOSE_EVENTS.name(), Serdes.String().serializer(),
                Topics.DOSE_EVENTS.valueSerde());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                Topics.ALERTS.valueSerde());
        logged.start();
        processorLogger().addAppender(logged);
    }

    @AfterEach
    void stop() {
        processorLogger().detachAppender(logged);
        driver.close();
        tracing.close();
    }

    @Test
    void anAlertContinuesTheTraceOfTheEventThatRaisedItInASpanOfItsOwnAndItsLogLineCarriesIt() {
        OffsetDateTime takenAt = OffsetDateTime.parse("2026-11-24T08:00:00+01:00");

        doses.pipeInput(tracedDose("p-1", "dose-1", "25", takenAt, WALL_CLOCK));

        TestRecord<String, AlertRaised> alert = alerts.readRecord();
        assertThat(alerts.isEmpty()).isTrue();
        String alertId = AlertIds.of("baclofen@1", RuleId.SINGLE_DOSE_ABOVE_MAX, "p-1", "dose-1");
        assertThat(alert.value().alertId()).isEqualTo(alertId);
        assertThat(alert.headers().toArray()).extracting(Header::key).containsExactly(TRACEPARENT);
        Matcher traceparent = traceparentOf(alert);
        assertThat(traceparent.group(1)).as("the event's trace").isEqualTo(EVENT_TRACE_ID);
        assertThat(traceparent.group(2)).as("a span of the rules' own").isNotEqualTo(EVENT_SPAN_ID);

        assertThat(raisedLines()).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo("Raised alertId=" + alertId
                    + " rule=SINGLE_DOSE_ABOVE_MAX severity=HIGH patientId=p-1 eventIds=[dose-1]");
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", EVENT_TRACE_ID)
                    .containsEntry("spanId", traceparent.group(2));
        });
    }

    @Test
    void eachAlertOfTheWallClockScanStartsATraceOfItsOwn() {
        for (String patient : List.of("p-1", "p-2")) {
            sendDaysOfDosesThenLessOnTheLastDay(patient);
        }
        assertThat(alerts.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(1));

        List<TestRecord<String, AlertRaised>> raised = alerts.readRecordsToList();
        assertThat(raised).extracting(r -> r.value().rule())
                .containsExactly(RuleId.SUDDEN_DOSE_REDUCTION, RuleId.SUDDEN_DOSE_REDUCTION);
        List<String> traceIds = raised.stream().map(r -> traceparentOf(r).group(1)).toList();
        assertThat(traceIds).doesNotHaveDuplicates().doesNotContain(EVENT_TRACE_ID);
        assertThat(raisedLines()).extracting(line -> line.getMDCPropertyMap().get("traceId"))
                .as("each line in its alert's trace").containsExactlyElementsOf(traceIds);
    }

    @Test
    void countsAlertsByRuleAndSeverityFromZeroAndTimesOnlyThoseAnEventRaisedFromItsAcceptance() {
        assertThat(alertsRaised()).as("before any event").isEqualTo(countsOf(Map.of()));

        // accepted by intake 2.5 s before the rules see it (the stream's wall clock)
        doses.pipeInput(tracedDose("p-1", "dose-1", "25", OffsetDateTime.parse("2026-11-24T08:00:00+01:00"),
                WALL_CLOCK.minusMillis(2500)));
        sendDaysOfDosesThenLessOnTheLastDay("p-2");
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::rule)
                .containsExactly(RuleId.SINGLE_DOSE_ABOVE_MAX, RuleId.SUDDEN_DOSE_REDUCTION);
        assertThat(alertsRaised()).isEqualTo(countsOf(Map.of(RuleId.SINGLE_DOSE_ABOVE_MAX, 1.0,
                RuleId.SUDDEN_DOSE_REDUCTION, 1.0)));
        Map<Severity, List<Double>> timed = new EnumMap<>(Severity.class);
        meters.get("adherence.event.to.alert").timers().forEach(timer -> timed.put(
                Severity.valueOf(timer.getId().getTag("severity")),
                List.of((double) timer.count(), timer.totalTime(TimeUnit.MILLISECONDS))));
        assertThat(timed).as("the scan's WARNING is not timed").isEqualTo(Map.of(
                Severity.INFO, List.of(0.0, 0.0), Severity.WARNING, List.of(0.0, 0.0),
                Severity.HIGH, List.of(1.0, 2500.0), Severity.CRITICAL, List.of(0.0, 0.0)));
    }

    @Test
    void countsThePatientsHeldUntilTheScanDropsThoseWhoseEventsAreAllPastTheRetention() {
        OffsetDateTime now = WALL_CLOCK.atOffset(ZoneOffset.UTC);
        doses.pipeInput(tracedDose("p-1", "d-1", "10", now.minusHours(8), WALL_CLOCK));
        doses.pipeInput(tracedDose("p-1", "d-2", "10", now.minusHours(1), WALL_CLOCK));
        doses.pipeInput(tracedDose("p-2", "d-3", "10", now.minusHours(1), WALL_CLOCK));
        doses.pipeInput(tracedDose("p-3", "too-old", "10", now.minusDays(40), WALL_CLOCK));

        assertThat(patientsTracked()).as("p-1 and p-2; p-3's only event is past the retention").isEqualTo(2.0);

        driver.advanceWallClockTime(Duration.ofDays(37));
        assertThat(patientsTracked()).as("their events past the retention now too").isEqualTo(0.0);
    }

    /** Three days of 3 x 20 mg, then one 20 mg dose on 2026-11-23: a sudden reduction, found by the first scan. */
    private void sendDaysOfDosesThenLessOnTheLastDay(String patient) {
        OffsetDateTime firstDay = OffsetDateTime.parse("2026-11-20T08:00:00Z");
        for (int day = 0; day < 3; day++) {
            for (int hour : new int[] {0, 6, 12}) {
                doses.pipeInput(tracedDose(patient, patient + "-" + day + "-" + hour, "20",
                        firstDay.plusDays(day).plusHours(hour), WALL_CLOCK));
            }
        }
        doses.pipeInput(tracedDose(patient, patient + "-low", "20", OffsetDateTime.parse("2026-11-23T20:00:00Z"),
                WALL_CLOCK));
    }

    private static TestRecord<String, DoseTaken> tracedDose(String patient, String eventId, String mg,
            OffsetDateTime takenAt, Instant acceptedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TRACEPARENT, ("00-" + EVENT_TRACE_ID + "-" + EVENT_SPAN_ID + "-01")
                .getBytes(StandardCharsets.UTF_8));
        return new TestRecord<>(patient, DoseTaken.of(eventId, patient, "baclofen", new BigDecimal(mg), takenAt,
                acceptedAt), headers, acceptedAt);
    }

    private static Matcher traceparentOf(TestRecord<String, AlertRaised> alert) {
        Header header = alert.headers().lastHeader(TRACEPARENT);
        assertThat(header).as("traceparent of " + alert.value().alertId()).isNotNull();
        Matcher matcher = SAMPLED_TRACEPARENT.matcher(new String(header.value(), StandardCharsets.UTF_8));
        assertThat(matcher.matches()).as(matcher.toString()).isTrue();
        return matcher;
    }

    private List<ILoggingEvent> raisedLines() {
        return logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("Raised ")).toList();
    }

    private Map<RuleId, Double> alertsRaised() {
        Map<RuleId, Double> counts = new EnumMap<>(RuleId.class);
        meters.get("adherence.alerts.raised").counters().forEach(counter -> {
            RuleId rule = RuleId.valueOf(counter.getId().getTag("rule"));
            assertThat(counter.getId().getTag("severity")).isEqualTo(rule.severity().name());
            counts.put(rule, counter.count());
        });
        return counts;
    }

    private static Map<RuleId, Double> countsOf(Map<RuleId, Double> nonZero) {
        Map<RuleId, Double> counts = new EnumMap<>(RuleId.class);
        Arrays.stream(RuleId.values()).forEach(rule -> counts.put(rule, nonZero.getOrDefault(rule, 0.0)));
        return counts;
    }

    private double patientsTracked() {
        return meters.get("adherence.patients.tracked").gauge().value();
    }

    private static Logger processorLogger() {
        return (Logger) LoggerFactory.getLogger(RulesProcessor.class);
    }
}
