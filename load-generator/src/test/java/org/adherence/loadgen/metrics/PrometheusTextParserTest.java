package org.adherence.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    @Test
    void readsSamplesAndSkipsCommentLines() {
        // given the classic format as Micrometer writes it, trailing comma in the labels included
        String text = """
                # HELP adherence_alerts_raised_total Alerts raised
                # TYPE adherence_alerts_raised_total counter
                adherence_alerts_raised_total{application="rules-service",rule="SINGLE_DOSE_ABOVE_MAX",severity="HIGH",} 24.0
                process_uptime_seconds 42
                """;

        // when parsed
        Map<Series, Double> samples = PrometheusTextParser.parse(text);

        // then there are exactly the two samples
        assertThat(samples).containsExactly(
                entry(new Series("adherence_alerts_raised_total", Map.of("application", "rules-service",
                        "rule", "SINGLE_DOSE_ABOVE_MAX", "severity", "HIGH")), 24.0),
                entry(new Series("process_uptime_seconds", Map.of()), 42.0));
    }

    @Test
    void keepsCommasQuotesBracesAndEscapesInsideLabelValues() {
        // given label values holding the format's own punctuation, with a timestamp after the value
        String text = "weird{a=\"x,y=z\",b=\"say \\\"hi\\\"\",c=\"back\\\\slash\",d=\"line\\nbreak\",e=\"{brace} #\"}"
                + " 1.5e-3 1700000000000\n";

        // when parsed
        Map<Series, Double> samples = PrometheusTextParser.parse(text);

        // then each value is unescaped and whole, and the timestamp is not the value
        assertThat(samples).containsExactly(entry(new Series("weird", Map.of("a", "x,y=z", "b", "say \"hi\"",
                "c", "back\\slash", "d", "line\nbreak", "e", "{brace} #")), 0.0015));
    }

    @Test
    void ignoresTheExemplarAfterTheValue() {
        // given OpenMetrics with an exemplar (a trace id) on a timer's _count, and the closing # EOF
        String text = """
                # TYPE adherence_intake_publish_seconds histogram
                adherence_intake_publish_seconds_count{application="dose-intake-service",type="dose"} 17 # {trace_id="abc,def",span_id="12"} 0.012 1700000000.123
                adherence_intake_publish_seconds_bucket{application="dose-intake-service",type="dose",le="+Inf"} 17.0 # {trace_id="0af7"} 0.5
                # EOF
                """;

        // when parsed, then the values are the counts and the exemplar's labels and value are nowhere
        assertThat(PrometheusTextParser.parse(text)).containsExactly(
                entry(new Series("adherence_intake_publish_seconds_count",
                        Map.of("application", "dose-intake-service", "type", "dose")), 17.0),
                entry(new Series("adherence_intake_publish_seconds_bucket",
                        Map.of("application", "dose-intake-service", "type", "dose", "le", "+Inf")), 17.0));
    }

    @Test
    void readsInfinitiesAndNotANumber() {
        Map<Series, Double> samples = PrometheusTextParser.parse("a +Inf\nb -Inf\nc NaN\n");

        assertThat(samples.get(new Series("a", Map.of()))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(new Series("b", Map.of()))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(new Series("c", Map.of()))).isNaN();
    }

    @Test
    void namesTheLineOfAnUnreadableSample() {
        assertThatThrownBy(() -> PrometheusTextParser.parse("ok 1\nbroken{a=\"unterminated} 1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: unterminated label value");
    }
}
