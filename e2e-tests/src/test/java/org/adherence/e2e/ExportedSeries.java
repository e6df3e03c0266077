package org.adherence.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.adherence.loadgen.metrics.PrometheusTextParser;

/**
 * The series that services export, read from their {@code /actuator/prometheus} pages (Prometheus' text format),
 * and what a query of the dashboards or alerting rules asks of them: {@link #problems} tells which of its label
 * matchers ({@code outcome="failed"}, {@code severity=~"CRITICAL|HIGH"}) no exported series satisfies, so that a
 * misspelt label name or value ({@code outcome="faild"}, {@code severity="critical"}, {@code clientid}) is found
 * as surely as a misspelt metric name.
 */
final class ExportedSeries {

    /**
     * A label value that the services export only when something fails, which a test run does not provoke: for a
     * matcher with exactly this value, only the label itself is looked for, and {@code example} (a value the
     * service does export then) must match it.
     */
    record OnlyOnFailure(String metric, String label, String value, String example, String why) {
    }

    static final List<OnlyOnFailure> ONLY_ON_FAILURE = List.of(
            new OnlyOnFailure("adherence_events_received_total", "reason", "not_durable", "not_durable",
                    "intake answers 503 not_durable only when Kafka does not acknowledge in time"),
            new OnlyOnFailure("http_server_requests_seconds_count", "status", "5..", "503",
                    "the services answer 5xx only when something fails"));

    /** Labels that Prometheus adds to every series it scrapes (from the target): no service exports them. */
    static final Set<String> ADDED_BY_PROMETHEUS = Set.of("job", "instance");

    /** Each metric name with the label sets of its series, in the order read. */
    private final Map<String, List<Map<String, String>>> series = new LinkedHashMap<>();

    /** Reads one or more scrapes ({@code /actuator/prometheus} pages). */
    static ExportedSeries of(List<String> scrapes) {
        ExportedSeries exported = new ExportedSeries();
        scrapes.forEach(exported::read);
        return exported;
    }

    Set<String> metricNames() {
        return Collections.unmodifiableSet(series.keySet());
    }

    List<Map<String, String>> seriesOf(String metric) {
        return series.getOrDefault(metric, List.of());
    }

    /**
     * What {@code query} asks that no exported series has: for each selector of a metric the services export
     * (not one Prometheus makes, such as {@code up}), some series must satisfy all its {@code =} and {@code =~}
     * matchers at once (regexes anchored at both ends, a missing label read as empty, as Prometheus does);
     * {@code job} and {@code instance} are Prometheus' and {@code !=}, {@code !~} exclude rather than ask, so they
     * are not looked at. A metric nobody exports is not reported here (see {@link #metricNames}).
     */
    List<String> problems(OpsFiles.Query query) {
        List<String> problems = new ArrayList<>();
        List<PromQl.Selector> selectors;
        try {
            selectors = PromQl.selectors(query.expression());
        }
        catch (IllegalArgumentException e) {
            return List.of(query.where() + ": " + e.getMessage());
        }
        for (PromQl.Selector selector : selectors) {
            List<Map<String, String>> candidates = series.get(selector.metric());
            if (PromQl.MADE_BY_PROMETHEUS.contains(selector.metric()) || candidates == null) {
                continue;
            }
            List<PromQl.LabelMatcher> asked = new ArrayList<>();
            for (PromQl.LabelMatcher matcher : selector.matchers()) {
                if (!matcher.positive() || ADDED_BY_PROMETHEUS.contains(matcher.label())
                        || matcher.label().equals("__name__")) {
                    continue;
                }
                OnlyOnFailure failure = ONLY_ON_FAILURE.stream().filter(f -> f.metric().equals(selector.metric())
                        && f.label().equals(matcher.label()) && f.value().equals(matcher.value())).findFirst()
                        .orElse(null);
                if (failure == null) {
                    asked.add(matcher);
                }
                else if (candidates.stream().noneMatch(labels -> labels.containsKey(matcher.label()))) {
                    problems.add(where(query, selector) + ": no series of " + selector.metric() + " has the label "
                            + matcher.label() + " (labels scraped: " + labelNames(candidates) + ")");
                }
                else if (!matches(matcher, failure.example())) {
                    problems.add(where(query, selector) + ": " + matcher + " does not match " + failure.example()
                            + ", the value it is there for (" + failure.why() + ")");
                }
            }
            if (candidates.stream().anyMatch(labels -> asked.stream().allMatch(m -> matches(m, labels.get(m.label()))))) {
                continue;
            }
            List<String> unmatched = new ArrayList<>();
            for (PromQl.LabelMatcher matcher : asked) {
                if (candidates.stream().anyMatch(labels -> matches(matcher, labels.get(matcher.label())))) {
                    continue;
                }
                Set<String> values = candidates.stream().map(labels -> labels.get(matcher.label()))
                        .filter(v -> v != null).collect(Collectors.toCollection(TreeSet::new));
                unmatched.add(values.isEmpty()
                        ? "no series has the label " + matcher.label() + " (labels scraped: " + labelNames(candidates)
                                + ")"
                        : "no series has " + matcher + " (" + matcher.label() + " scraped: " + values + ")");
            }
            problems.add(where(query, selector) + ": " + (unmatched.isEmpty()
                    ? "no single series of " + selector.metric() + " matches all of " + asked
                    : String.join("; ", unmatched)));
        }
        return problems;
    }

    private static String where(OpsFiles.Query query, PromQl.Selector selector) {
        return query.where() + " (" + query.expression().strip() + "), selector " + selector;
    }

    private static boolean matches(PromQl.LabelMatcher matcher, String value) {
        try {
            return matcher.matches(value);
        }
        catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static Set<String> labelNames(List<Map<String, String>> candidates) {
        return candidates.stream().flatMap(labels -> labels.keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Reads the samples of Prometheus' text format, with the load generator's parser of it. */
    private void read(String scrape) {
        PrometheusTextParser.parse(scrape).keySet().forEach(sample -> series
                .computeIfAbsent(sample.name(), name -> new ArrayList<>()).add(sample.labels()));
    }
}
