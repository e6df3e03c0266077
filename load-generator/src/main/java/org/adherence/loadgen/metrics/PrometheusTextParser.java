package org.adherence.loadgen.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (0.0.4) and OpenMetrics text, as {@code /actuator/prometheus} serves
 * them: comment lines ({@code # HELP}, {@code # TYPE}, {@code # EOF}) are skipped, label values may hold commas,
 * braces and the escapes {@code \\ \" \n}, a sample may carry a timestamp and, in OpenMetrics, an exemplar after
 * {@code #}, both ignored.
 */
public final class PrometheusTextParser {

    private PrometheusTextParser() {
    }

    /** Every sample of the text, by series; a series given twice keeps its last value. */
    public static Map<Series, Double> parse(String text) {
        Map<Series, Double> samples = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                Sample sample = new LineReader(trimmed).read();
                samples.put(sample.series(), sample.value());
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage() + ": " + trimmed, e);
            }
        }
        return samples;
    }

    /** A number as the formats write it, {@code +Inf}, {@code -Inf} and {@code NaN} included. */
    public static double parseValue(String token) {
        return switch (token) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(token);
                }
                catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number '" + token + "'", e);
                }
            }
        };
    }

    private record Sample(Series series, double value) {
    }

    private static final class LineReader {

        private final String line;
        private int pos;

        LineReader(String line) {
            this.line = line;
        }

        Sample read() {
            String name = readName();
            Map<String, String> labels = new LinkedHashMap<>();
            skipSpaces();
            if (peek() == '{') {
                pos++;
                readLabels(labels);
            }
            skipSpaces();
            String valueToken = readToken();
            if (valueToken.isEmpty()) {
                throw new IllegalArgumentException("no value");
            }
            // what follows, a timestamp and/or "# {exemplar labels} value [timestamp]", is not needed here
            return new Sample(new Series(name, labels), parseValue(valueToken));
        }

        private String readName() {
            int start = pos;
            while (pos < line.length()) {
                char c = line.charAt(pos);
                if (c == '{' || Character.isWhitespace(c)) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("no metric name");
            }
            return line.substring(start, pos);
        }

        private void readLabels(Map<String, String> labels) {
            while (true) {
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                    skipSpaces();
                }
                if (peek() == '}') {
                    pos++;
                    return;
                }
                int start = pos;
                while (pos < line.length() && line.charAt(pos) != '=' && !Character.isWhitespace(line.charAt(pos))) {
                    pos++;
                }
                String labelName = line.substring(start, pos);
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                labels.put(labelName, readQuoted());
            }
        }

        private String readQuoted() {
            StringBuilder value = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < line.length()) {
                    char escaped = line.charAt(pos++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                }
                else {
                    value.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated label value");
        }

        private String readToken() {
            int start = pos;
            while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= line.length()) {
                throw new IllegalArgumentException("line ends early");
            }
            return line.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }
    }
}
