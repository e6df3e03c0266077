package org.adherence.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression queries, as written in the dashboards and alerting rules under {@code ops/}:
 * {@code histogram_quantile(0.95, sum by (le) (rate(x_bucket{a="b"}[$__rate_interval])))} queries {@code x_bucket}.
 * Strings, label matchers, ranges and subqueries, grouping and matching label lists, functions, keywords, numbers,
 * durations and Grafana's variables are not metric names; {@code {__name__="x"}} is. Grafana's template queries
 * {@code label_values(metric, label)} and {@code query_result(expr)} are understood too.
 */
final class PromQl {

    /** Series that Prometheus makes itself, for every target or rule: no service exports them. */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");

    /** Words that can stand where a metric name could, without parentheses after them. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    /** Keywords whose parenthesised list that follows names labels, not series. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    /** Keywords that may stand between an aggregation and its parenthesised argument. */
    private static final Set<String> GROUPING = Set.of("by", "without");

    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);

    private static final Pattern TEMPLATE_FUNCTION_WITHOUT_SERIES =
            Pattern.compile("^\\s*(label_values|label_names|metrics)\\s*\\([^,]*\\)\\s*$", Pattern.DOTALL);

    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private PromQl() {
    }

    /** The metric names {@code expression} queries, in the order they first appear. */
    static Set<String> metricNames(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) {
            return metricNames(labelValues.group(1));
        }
        if (TEMPLATE_FUNCTION_WITHOUT_SERIES.matcher(expression).matches()) {
            return Set.of();
        }
        Matcher queryResult = QUERY_RESULT.matcher(expression);
        if (queryResult.matches()) {
            return metricNames(queryResult.group(1));
        }
        List<Token> tokens = tokenize(expression);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            switch (token.kind) {
                case OPEN_BRACE -> i = labelMatchers(tokens, i, names);
                case OPEN_BRACKET -> i = skipTo(tokens, i, Kind.CLOSE_BRACKET);
                case IDENTIFIER -> {
                    String word = token.text.toLowerCase(Locale.ROOT);
                    // a function or aggregation: f(...), or sum by (...) (...) with the grouping first
                    boolean call = i + 1 < tokens.size() && (tokens.get(i + 1).kind == Kind.OPEN_PAREN
                            || !LABEL_LISTS.contains(word) && GROUPING.contains(tokens.get(i + 1).text.toLowerCase(Locale.ROOT)));
                    if (call && LABEL_LISTS.contains(word)) {
                        i = skipTo(tokens, i + 1, Kind.CLOSE_PAREN);
                    }
                    else if (!call && !KEYWORDS.contains(word)) {
                        names.add(token.text);
                    }
                }
                default -> {
                    // numbers, durations, strings, operators, parentheses and Grafana variables name no series
                }
            }
        }
        return names;
    }

    /** Reads {@code {a="b", __name__="x"}} from the brace at {@code open}; returns the index of the closing brace. */
    private static int labelMatchers(List<Token> tokens, int open, Set<String> names) {
        int close = skipTo(tokens, open, Kind.CLOSE_BRACE);
        for (int i = open + 1; i + 2 < close; i++) {
            if (tokens.get(i).kind == Kind.IDENTIFIER && tokens.get(i).text.equals("__name__")
                    && tokens.get(i + 1).text.equals("=") && tokens.get(i + 2).kind == Kind.STRING) {
                names.add(tokens.get(i + 2).text);
            }
        }
        return close;
    }

    private static int skipTo(List<Token> tokens, int from, Kind closing) {
        for (int i = from + 1; i < tokens.size(); i++) {
            if (tokens.get(i).kind == closing) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced " + tokens.get(from).text + " in PromQL: " + tokens);
    }

    private enum Kind {
        IDENTIFIER, NUMBER, STRING, VARIABLE, OPEN_PAREN, CLOSE_PAREN, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET,
        CLOSE_BRACKET, OTHER
    }

    private record Token(Kind kind, String text) {

        @Override
        public String toString() {
            return text;
        }
    }

    private static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            }
            else if (c == '#') { // a comment, to the end of the line
                while (i < n && expression.charAt(i) != '\n') {
                    i++;
                }
            }
            else if (c == '"' || c == '\'' || c == '`') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < n && expression.charAt(i) != c) {
                    if (expression.charAt(i) == '\\' && c != '`' && i + 1 < n) {
                        i++;
                    }
                    value.append(expression.charAt(i++));
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated string in PromQL: " + expression);
                }
                i++;
                tokens.add(new Token(Kind.STRING, value.toString()));
            }
            else if (c == '$') { // Grafana: $var, ${var}, ${var:format}, $__rate_interval
                int start = i++;
                if (i < n && expression.charAt(i) == '{') {
                    while (i < n && expression.charAt(i) != '}') {
                        i++;
                    }
                    i++;
                }
                else {
                    while (i < n && isNamePart(expression.charAt(i))) {
                        i++;
                    }
                }
                tokens.add(new Token(Kind.VARIABLE, expression.substring(start, Math.min(i, n))));
            }
            else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expression.charAt(i + 1))) {
                // numbers, 1e3, 0x1f and durations such as 5m or 1h30m
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '.'
                        || expression.charAt(i) == '_'
                        || (expression.charAt(i) == '+' || expression.charAt(i) == '-')
                        && (expression.charAt(i - 1) == 'e' || expression.charAt(i - 1) == 'E'))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, expression.substring(start, i)));
            }
            else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && isNamePart(expression.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, expression.substring(start, i)));
            }
            else {
                Kind kind = switch (c) {
                    case '(' -> Kind.OPEN_PAREN;
                    case ')' -> Kind.CLOSE_PAREN;
                    case '{' -> Kind.OPEN_BRACE;
                    case '}' -> Kind.CLOSE_BRACE;
                    case '[' -> Kind.OPEN_BRACKET;
                    case ']' -> Kind.CLOSE_BRACKET;
                    default -> Kind.OTHER;
                };
                tokens.add(new Token(kind, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
