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
 * {@code label_values(metric, label)} and {@code query_result(expr)} are understood too. {@link #selectors} also
 * gives each series selector's label matchers: {@code x_bucket} with {@code a="b"}.
 */
final class PromQl {

    /** One label matcher of a selector: {@code label op "value"}, op one of {@code = != =~ !~}, value unquoted. */
    record LabelMatcher(String label, String op, String value) {

        /** {@code =} and {@code =~}: the matcher asks for series that have the value (or match the regex). */
        boolean positive() {
            return "=".equals(op) || "=~".equals(op);
        }

        /** Whether a series whose label has {@code actual} (empty when it lacks the label) is selected, as in Prometheus. */
        boolean matches(String actual) {
            String value = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> value.equals(this.value);
                case "!=" -> !value.equals(this.value);
                case "=~" -> anchored(this.value).matcher(value).matches();
                case "!~" -> !anchored(this.value).matcher(value).matches();
                default -> throw new IllegalStateException(op);
            };
        }

        /** Prometheus anchors a matcher's regex at both ends. */
        static Pattern anchored(String regex) {
            return Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
        }

        @Override
        public String toString() {
            return label + op + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /**
     * One series selector with a fixed metric name: {@code x{a="b",c=~"d|e"}}, or {@code {__name__="x",a="b"}}
     * (the name's matcher is not among {@code matchers}). Matchers on Grafana's variables are left out.
     */
    record Selector(String metric, List<LabelMatcher> matchers) {

        @Override
        public String toString() {
            return metric + matchers.stream().map(LabelMatcher::toString)
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        }
    }

    /** Grafana's variables, as Grafana finds them in a query: {@code $name}, {@code ${name:format}}, {@code [[name]]}. */
    private static final Pattern GRAFANA_VARIABLE =
            Pattern.compile("\\$\\w+|\\[\\[\\w+?(?::\\w+)?]]|\\$\\{\\w+(?:\\.[^:^}]+)?(?::[^}]+)?}");

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
        Set<String> names = new LinkedHashSet<>();
        selectors(expression).forEach(selector -> names.add(selector.metric()));
        return names;
    }

    /**
     * The series selectors of {@code expression} that name a metric, in the order they appear, each with its label
     * matchers: {@code rate(x{a="b"}[5m]) / y} gives {@code x{a="b"}} and {@code y{}}. Grafana's variables are
     * not selectors, and a matcher whose value holds one ({@code application=~"$application"}) is left out, as is
     * a selector without a fixed name ({@code {__name__=~"jvm_.*"}}). Label lists of {@code by}, {@code without},
     * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are not matchers.
     */
    static List<Selector> selectors(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) {
            return selectors(labelValues.group(1));
        }
        if (TEMPLATE_FUNCTION_WITHOUT_SERIES.matcher(expression).matches()) {
            return List.of();
        }
        Matcher queryResult = QUERY_RESULT.matcher(expression);
        if (queryResult.matches()) {
            return selectors(queryResult.group(1));
        }
        List<Token> tokens = tokenize(expression);
        List<Selector> selectors = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            switch (token.kind) {
                case OPEN_BRACE -> {
                    // {__name__="x", a="b"}: a selector by its name label alone
                    int close = skipTo(tokens, i, Kind.CLOSE_BRACE);
                    List<LabelMatcher> matchers = labelMatchers(tokens, i, close);
                    matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("=")).findFirst()
                            .ifPresent(name -> selectors.add(new Selector(name.value(), matchers.stream()
                                    .filter(m -> m != name).toList())));
                    i = close;
                }
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
                        List<LabelMatcher> matchers = List.of();
                        if (i + 1 < tokens.size() && tokens.get(i + 1).kind == Kind.OPEN_BRACE) {
                            int close = skipTo(tokens, i + 1, Kind.CLOSE_BRACE);
                            matchers = labelMatchers(tokens, i + 1, close);
                            i = close;
                        }
                        selectors.add(new Selector(token.text, matchers));
                    }
                }
                default -> {
                    // numbers, durations, strings, operators, parentheses and Grafana variables name no series
                }
            }
        }
        return selectors;
    }

    /**
     * The matchers between the braces at {@code open} and {@code close}: {@code label op "value"} separated by
     * commas, without those whose value holds a Grafana variable or is not a string (a bare variable).
     */
    private static List<LabelMatcher> labelMatchers(List<Token> tokens, int open, int close) {
        List<LabelMatcher> matchers = new ArrayList<>();
        int i = open + 1;
        while (i < close) {
            int end = i;
            while (end < close && !(tokens.get(end).kind == Kind.OTHER && tokens.get(end).text.equals(","))) {
                end++;
            }
            // tokens i..end-1: label, operator of one or two characters, value
            List<Token> matcher = tokens.subList(i, end);
            if (matcher.size() >= 3 && (matcher.get(0).kind == Kind.IDENTIFIER || matcher.get(0).kind == Kind.STRING)) {
                Token value = matcher.get(matcher.size() - 1);
                String op = matcher.subList(1, matcher.size() - 1).stream().map(Token::text)
                        .collect(java.util.stream.Collectors.joining());
                if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
                    throw new IllegalArgumentException("not a label matcher: " + matcher + " in PromQL: " + tokens);
                }
                if (value.kind == Kind.STRING && !GRAFANA_VARIABLE.matcher(value.text).find()) {
                    matchers.add(new LabelMatcher(matcher.get(0).text, op, value.text));
                }
            }
            else if (matcher.size() == 1 && matcher.get(0).kind == Kind.STRING) {
                // Prometheus 3's quoted metric name: {"x", a="b"}
                matchers.add(new LabelMatcher("__name__", "=", matcher.get(0).text));
            }
            else if (!matcher.isEmpty()) {
                throw new IllegalArgumentException("not a label matcher: " + matcher + " in PromQL: " + tokens);
            }
            i = end + 1;
        }
        return matchers;
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
                        char escaped = expression.charAt(++i);
                        value.append(switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> escaped; // \\, \", \'
                        });
                        i++;
                        continue;
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
