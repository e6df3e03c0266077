package org.adherence.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' files of the repository ({@code docker-compose.yml}, {@code ops/}) as plain maps and lists, and
 * the PromQL queries of the dashboards and alerting rules.
 */
final class OpsFiles {

    static final String DASHBOARDS = "ops/grafana/dashboards";

    static final String ALERTING_RULES = "ops/prometheus/alerts.yml";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One PromQL expression and where it is written (file, panel or rule). */
    record Query(String where, String expression) {
    }

    private OpsFiles() {
    }

    /** The repository root: {@code -De2e.repo-root=...}, or the first folder upwards with a docker-compose.yml. */
    static Path repoRoot() {
        String configured = System.getProperty("e2e.repo-root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml with a pom.xml beside it above "
                + Path.of("").toAbsolutePath() + " (set -De2e.repo-root)");
    }

    /** The first document of a YAML file as maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
        if (!(document instanceof Map)) {
            throw new IllegalStateException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) document;
    }

    /** Every document of a YAML file (Spring's application.yml may hold several). */
    static List<Object> yamlDocuments(Path file) {
        List<Object> documents = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file)).forEach(documents::add);
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path file) {
        return JSON.readValue(read(file), Map.class);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dashboards under ops/grafana/dashboards, by file name. */
    static Map<String, Map<String, Object>> dashboards(Path root) {
        try (Stream<Path> files = Files.list(root.resolve(DASHBOARDS))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .collect(java.util.stream.Collectors.toMap(f -> f.getFileName().toString(), OpsFiles::json,
                            (a, b) -> a, java.util.LinkedHashMap::new));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every query of every dashboard: the panels' targets and the template variables' queries. */
    static List<Query> dashboardQueries(Path root) {
        List<Query> queries = new ArrayList<>();
        dashboards(root).forEach((file, dashboard) -> {
            for (Map<String, Object> panel : panels(dashboard)) {
                for (Map<String, Object> target : maps(panel.get("targets"))) {
                    if (target.get("expr") instanceof String expression && !expression.isBlank()) {
                        queries.add(new Query(file + " panel '" + panel.get("title") + "'", expression));
                    }
                }
            }
            Object templating = dashboard.get("templating");
            if (templating instanceof Map<?, ?> t) {
                for (Map<String, Object> variable : maps(t.get("list"))) {
                    Object query = variable.get("query");
                    if (query instanceof Map<?, ?> q) {
                        query = q.get("query");
                    }
                    if ("query".equals(variable.get("type")) && query instanceof String expression
                            && !expression.isBlank()) {
                        queries.add(new Query(file + " variable $" + variable.get("name"), expression));
                    }
                }
            }
        });
        return queries;
    }

    /** The expression of every rule in ops/prometheus/alerts.yml. */
    static List<Query> ruleQueries(Path root) {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> group : maps(yaml(root.resolve(ALERTING_RULES)).get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                queries.add(new Query(ALERTING_RULES + " rule " + name, String.valueOf(rule.get("expr"))));
            }
        }
        return queries;
    }

    /** All panels of a dashboard, those inside collapsed rows too. */
    static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> panel : maps(dashboard.get("panels"))) {
            all.add(panel);
            all.addAll(maps(panel.get("panels")));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        if (!(list instanceof List<?> items)) {
            return List.of();
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> map) {
                maps.add((Map<String, Object>) map);
            }
        }
        return maps;
    }
}
