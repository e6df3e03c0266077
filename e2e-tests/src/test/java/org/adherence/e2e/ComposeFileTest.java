package org.adherence.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so {@code docker-compose.yml} and the files it mounts are checked against the services'
 * real configuration instead: each service's port and healthcheck against {@code server.port} of its
 * application.yml, each environment key against what the service binds (a {@code ${KEY}} placeholder of its
 * application.yml or a property of the configuration metadata in its executable jar, libraries included),
 * Prometheus' targets and Grafana's datasource against the compose services, and the things a compose file for
 * operators must have: pinned images, non-root containers with JVM memory settings, healthchecks, memory limits,
 * {@code service_healthy} dependencies and no secret in the file. The nested {@link CatchesRealisticMistakes} shows
 * each check failing on a mistake someone could make.
 */
class ComposeFileTest {

    /** Environment variables the JVM reads itself, not Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /** Names of secrets (a token endpoint's address is not one). */
    private static final Pattern SECRET_NAME = Pattern.compile("SECRET|KEY|PASSWORD|TOKEN(?!_URI)|CREDENTIAL");

    /** {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} and the rest of compose's interpolation. */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");

    private static final Pattern WHOLE_REFERENCE_WITHOUT_DEFAULT =
            Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?\\?[^}]*)?}");

    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private static final Pattern JVM_MEMORY_SETTING = Pattern.compile("-XX:MaxRAMPercentage=\\d|-Xmx\\d");

    private static final String METRICS_PATH = "/actuator/prometheus";

    private static ComposeStack stack;

    @BeforeAll
    static void load() {
        stack = ComposeStack.load(OpsFiles.repoRoot());
    }

    @Test
    void publishesEachServiceOnItsServerPortAndChecksItsHealthThere() {
        assertNoProblems(ports(stack));
    }

    @Test
    void publishesWhatHasNoLoginOnThisMachineOnly() {
        assertNoProblems(localOnly(stack));
    }

    @Test
    void setsOnlyEnvironmentKeysTheServicesBind() {
        assertNoProblems(environmentKeys(stack));
    }

    @Test
    void prometheusScrapesEveryServiceByComposeNameOnItsServerPort() {
        assertNoProblems(prometheus(stack));
    }

    @Test
    void grafanaQueriesTheComposePrometheusAndLoadsTheDashboards() {
        assertNoProblems(grafana(stack));
    }

    @Test
    void pinsEveryImageToAnExactVersion() {
        assertNoProblems(pinnedImages(stack));
    }

    @Test
    void runsTheServicesAsNonRootWithJvmMemorySettingsForContainers() {
        assertNoProblems(serviceImages(stack));
    }

    @Test
    void givesEveryServiceAHealthcheckAMemoryLimitAndHealthyDependencies() {
        assertNoProblems(healthAndLimits(stack));
    }

    @Test
    void keepsSecretsOutOfTheFileAndDocumentsEveryVariableInEnvExample() {
        assertNoProblems(secrets(stack));
    }

    @Test
    void dashboardsUseTheProvisionedDatasource() {
        assertNoProblems(dashboardDatasources(stack));
    }

    @Test
    void theClusterProfileRunsThreeBrokersInOneQuorumAndTheServicesUseAllOfThemWithTheirReplication() {
        assertNoProblems(clusterProfile(stack));
    }

    private static void assertNoProblems(List<String> problems) {
        assertThat(problems).as("problems found").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ the checks

    static List<String> ports(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.builtServices().forEach((name, module) -> {
            Map<String, Object> service = s.service(name);
            int port = s.config(module).serverPort();
            List<Object> mappings = ComposeStack.list(service.get("ports"));
            if (mappings.isEmpty()) {
                problems.add(name + ": publishes no port (server.port is " + port + ")");
            }
            for (Object mapping : mappings) {
                int target = containerPort(mapping);
                if (target != port) {
                    problems.add(name + ": publishes container port " + target + " (" + mapping + "), but server.port of "
                            + module + " is " + port);
                }
            }
            String test = healthcheckCommand(service);
            Matcher url = Pattern.compile("https?://(localhost|127\\.0\\.0\\.1):(\\d+)(/\\S*)").matcher(test);
            if (!url.find()) {
                problems.add(name + ": the healthcheck calls no http://localhost:<port>/... URL: " + test);
            }
            else {
                if (Integer.parseInt(url.group(2)) != port) {
                    problems.add(name + ": the healthcheck calls port " + url.group(2) + ", but server.port of " + module
                            + " is " + port);
                }
                if (!url.group(3).startsWith("/actuator/health")) {
                    problems.add(name + ": the healthcheck calls " + url.group(3) + ", not /actuator/health/...");
                }
            }
            ComposeStack.Dockerfile dockerfile = s.dockerfile(module);
            if (!dockerfile.exposed().contains(port)) {
                problems.add(module + "/Dockerfile: EXPOSE " + dockerfile.exposed() + " lacks server.port " + port);
            }
        });
        return problems;
    }

    static List<String> environmentKeys(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.builtServices().forEach((name, module) -> {
            ComposeStack.Bindings bindings = s.config(module).bindings();
            Map<String, String> keys = new LinkedHashMap<>();
            ComposeStack.environment(s.service(name)).keySet().forEach(key -> keys.put(key, "docker-compose.yml"));
            s.dockerfile(module).env().keySet().forEach(key -> keys.putIfAbsent(key, module + "/Dockerfile"));
            keys.forEach((key, where) -> {
                if (!JVM_VARIABLES.contains(key) && !bindings.binds(key)) {
                    problems.add(name + " (" + where + "): " + key + " is bound by nothing in " + module + ": no ${"
                            + key + "} in its application.yml, no property " + key.toLowerCase(Locale.ROOT)
                            .replace('_', '.') + " (or with dashes) in the configuration metadata of its jar");
                }
            });
        });
        return problems;
    }

    static List<String> prometheus(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        Map<String, String> built = s.builtServices();
        Map<String, Integer> scraped = new LinkedHashMap<>();
        for (Map<String, Object> job : OpsFiles.maps(s.prometheus.get("scrape_configs"))) {
            String jobName = String.valueOf(job.get("job_name"));
            Object path = job.getOrDefault("metrics_path", "/metrics");
            if (!METRICS_PATH.equals(path)) {
                problems.add("prometheus.yml job " + jobName + ": metrics_path is " + path + ", not " + METRICS_PATH);
            }
            for (Map<String, Object> config : OpsFiles.maps(job.get("static_configs"))) {
                for (Object target : ComposeStack.list(config.get("targets"))) {
                    String hostPort = String.valueOf(target);
                    int colon = hostPort.lastIndexOf(':');
                    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                    if (!built.containsKey(host)) {
                        problems.add("prometheus.yml job " + jobName + ": target " + hostPort + " is not one of the "
                                + "compose services " + built.keySet());
                        continue;
                    }
                    int port = s.config(built.get(host)).serverPort();
                    if (colon < 0 || !hostPort.substring(colon + 1).equals(String.valueOf(port))) {
                        problems.add("prometheus.yml job " + jobName + ": target " + hostPort + ", but server.port of "
                                + built.get(host) + " is " + port);
                    }
                    if (!jobName.equals(host)) {
                        problems.add("prometheus.yml job " + jobName + " scrapes " + host + ": name the job after it");
                    }
                    scraped.merge(host, 1, Integer::sum);
                }
            }
        }
        for (String service : built.keySet()) {
            int times = scraped.getOrDefault(service, 0);
            if (times != 1) {
                problems.add("prometheus.yml scrapes " + service + " " + times + " times, not once");
            }
        }
        for (Object ruleFile : ComposeStack.list(s.prometheus.get("rule_files"))) {
            if (!Files.isRegularFile(s.root.resolve("ops/prometheus").resolve(String.valueOf(ruleFile)))) {
                problems.add("prometheus.yml: rule file " + ruleFile + " is not in ops/prometheus");
            }
        }
        String prometheusService = s.serviceRunning("prom/prometheus");
        if (prometheusService == null) {
            problems.add("no compose service runs prom/prometheus");
        }
        else {
            String configDir = mountPoint(s.service(prometheusService), "./ops/prometheus");
            String configFile = flag(s.service(prometheusService), "--config.file", "/etc/prometheus/prometheus.yml");
            if (configDir == null || !configFile.equals(configDir + "/prometheus.yml")) {
                problems.add(prometheusService + ": --config.file " + configFile + " is not ops/prometheus/prometheus.yml"
                        + " (ops/prometheus is mounted at " + configDir + ")");
            }
        }
        return problems;
    }

    /**
     * Mailpit (every email, health data in them), Prometheus and the Kafka brokers (PLAINTEXT) have no login: published
     * on 127.0.0.1 only, never on every interface of the host.
     */
    static List<String> localOnly(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        List<String> withoutLogin = new ArrayList<>();
        for (String image : List.of("axllent/mailpit", "prom/prometheus", "apache/kafka")) {
            s.services().forEach((name, service) -> {
                String repository = String.valueOf(service.get("image")).split(":")[0];
                if (repository.equals(image)) {
                    withoutLogin.add(name);
                }
            });
        }
        if (withoutLogin.size() < 3) {
            problems.add("expected Mailpit, Prometheus and Kafka among the services, found only " + withoutLogin);
        }
        for (String name : withoutLogin) {
            for (Object mapping : ComposeStack.list(s.service(name).get("ports"))) {
                if (!String.valueOf(mapping).startsWith("127.0.0.1:")) {
                    problems.add(name + ": publishes " + mapping + " on every interface of the host; it has no login: "
                            + "\"127.0.0.1:" + mapping + "\"");
                }
            }
        }
        return problems;
    }

    static List<String> grafana(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> datasource = s.provisionedDatasource();
        String prometheusService = s.serviceRunning("prom/prometheus");
        if (datasource == null) {
            problems.add("ops/grafana/provisioning/datasources/prometheus.yml provisions no Prometheus datasource");
        }
        else if (prometheusService != null) {
            URI url = URI.create(String.valueOf(datasource.get("url")));
            String listen = flag(s.service(prometheusService), "--web.listen-address", ":9090");
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            if (!prometheusService.equals(url.getHost()) || url.getPort() != port) {
                problems.add("the Grafana datasource's url " + url + " is not the compose service " + prometheusService
                        + " on its port " + port + " (http://" + prometheusService + ":" + port + ")");
            }
        }
        String grafanaService = s.serviceRunning("grafana/grafana");
        if (grafanaService == null) {
            problems.add("no compose service runs grafana/grafana");
            return problems;
        }
        Map<String, Object> grafana = s.service(grafanaService);
        for (String kind : List.of("datasources", "dashboards")) {
            String mounted = mountPoint(grafana, "./ops/grafana/provisioning/" + kind);
            String provisioning = mountPoint(grafana, "./ops/grafana/provisioning");
            if (!("/etc/grafana/provisioning/" + kind).equals(mounted) && !"/etc/grafana/provisioning".equals(provisioning)) {
                problems.add(grafanaService + ": ops/grafana/provisioning/" + kind + " is not mounted at "
                        + "/etc/grafana/provisioning/" + kind);
            }
        }
        String dashboardsDir = mountPoint(grafana, "./" + OpsFiles.DASHBOARDS);
        List<Map<String, Object>> providers = OpsFiles.maps(s.dashboardProviders.get("providers"));
        for (Map<String, Object> provider : providers) {
            Object path = provider.get("options") instanceof Map<?, ?> options ? options.get("path") : null;
            if (dashboardsDir == null || !dashboardsDir.equals(path)) {
                problems.add("the dashboard provider " + provider.get("name") + " reads " + path + ", but "
                        + OpsFiles.DASHBOARDS + " is mounted at " + dashboardsDir);
            }
        }
        if (providers.isEmpty()) {
            problems.add("ops/grafana/provisioning/dashboards/dashboards.yml has no provider");
        }
        Object home = ComposeStack.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null && (dashboardsDir == null || !s.dashboards.containsKey(
                String.valueOf(home).replaceFirst("^" + Pattern.quote(dashboardsDir + "/"), "")))) {
            problems.add(grafanaService + ": the home dashboard " + home + " is none of " + s.dashboards.keySet()
                    + " mounted at " + dashboardsDir);
        }
        return problems;
    }

    static List<String> pinnedImages(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.services().forEach((name, service) -> {
            Object image = service.get("image");
            if (image == null && !service.containsKey("build")) {
                problems.add(name + ": neither image nor build");
            }
            if (image != null) {
                String why = unpinned(String.valueOf(image));
                if (why != null) {
                    problems.add(name + ": image " + image + " " + why);
                }
            }
        });
        s.builtServices().values().forEach(module -> {
            ComposeStack.Dockerfile dockerfile = s.dockerfile(module);
            for (String base : dockerfile.baseImages()) {
                String why = unpinned(base);
                if (why != null) {
                    problems.add(module + "/Dockerfile: FROM " + base + " " + why);
                }
            }
        });
        return problems;
    }

    static List<String> serviceImages(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.builtServices().forEach((name, module) -> {
            ComposeStack.Dockerfile dockerfile = s.dockerfile(module);
            String user = dockerfile.finalUser();
            if (user == null) {
                problems.add(module + "/Dockerfile: no USER in the final stage, so the service runs as root");
            }
            else if (user.equals("root") || user.equals("0") || user.startsWith("root:") || user.startsWith("0:")) {
                problems.add(module + "/Dockerfile: USER " + user + " is root");
            }
            String options = String.valueOf(ComposeStack.environment(s.service(name)).getOrDefault("JAVA_TOOL_OPTIONS",
                    dockerfile.env().getOrDefault("JAVA_TOOL_OPTIONS", "") + " "
                            + dockerfile.env().getOrDefault("JDK_JAVA_OPTIONS", "")));
            if (!JVM_MEMORY_SETTING.matcher(options).find()) {
                problems.add(name + ": JAVA_TOOL_OPTIONS '" + options.trim() + "' sets no heap size for a container"
                        + " (-XX:MaxRAMPercentage=... or -Xmx...)");
            }
        });
        String dockerignore = Files.isRegularFile(s.root.resolve(".dockerignore"))
                ? OpsFiles.read(s.root.resolve(".dockerignore")) : "";
        for (String kept : List.of("target", ".local", ".git", ".env")) {
            if (!Pattern.compile("(?m)^(\\*\\*/)?" + Pattern.quote(kept) + "/?$").matcher(dockerignore).find()) {
                problems.add(".dockerignore does not keep " + kept + " out of the build context");
            }
        }
        return problems;
    }

    static List<String> healthAndLimits(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.services().forEach((name, service) -> {
            if (!(service.get("healthcheck") instanceof Map<?, ?> healthcheck) || healthcheck.get("test") == null
                    || Boolean.TRUE.equals(healthcheck.get("disable"))
                    || List.of("NONE").equals(healthcheck.get("test"))) {
                problems.add(name + ": no healthcheck");
            }
            Object deployLimit = ComposeStack.path(service, "deploy", "resources", "limits", "memory");
            if (service.get("mem_limit") == null && deployLimit == null) {
                problems.add(name + ": no mem_limit");
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof List<?> names) {
                problems.add(name + ": depends_on " + names + " waits only for the start, not for service_healthy");
            }
            else if (dependsOn instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, how) -> {
                    Object condition = how instanceof Map<?, ?> h ? h.get("condition") : null;
                    if (!"service_healthy".equals(condition)) {
                        problems.add(name + ": depends_on " + dependency + " with condition " + condition
                                + ", not service_healthy");
                    }
                    if (!s.services().containsKey(String.valueOf(dependency))) {
                        problems.add(name + ": depends_on " + dependency + ", which is no service");
                    }
                });
            }
        });
        return problems;
    }

    static List<String> secrets(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        s.services().forEach((name, service) -> ComposeStack.environment(service).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key.toUpperCase(Locale.ROOT)).find()
                    && !WHOLE_REFERENCE_WITHOUT_DEFAULT.matcher(String.valueOf(value)).matches()) {
                problems.add(name + ": " + key + " must be a ${VARIABLE} from .env without a default, not '" + value + "'");
            }
        }));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)=(.*)$").matcher(s.envExample);
        while (line.find()) {
            documented.put(line.group(1), line.group(2).trim());
        }
        Set<String> used = new TreeSet<>();
        Matcher variable = COMPOSE_VARIABLE.matcher(s.composeText());
        while (variable.find()) {
            used.add(variable.group(1));
        }
        for (String name : used) {
            if (!documented.containsKey(name)) {
                problems.add("docker-compose.yml uses ${" + name + "}, which .env.example does not list");
            }
        }
        documented.forEach((name, value) -> {
            if (!used.contains(name)) {
                problems.add(".env.example lists " + name + ", which docker-compose.yml does not use");
            }
            if (SECRET_NAME.matcher(name).find() && !value.isEmpty()) {
                problems.add(".env.example gives " + name + " a value: leave secrets empty there");
            }
        });
        return problems;
    }

    /**
     * The cluster profile: kafka, kafka-2 and kafka-3 (the last two in profile {@code cluster}) with node ids 1, 2 and
     * 3; cluster.env names the three as the controller quorum and as the services' bootstrap servers, by their
     * PLAINTEXT addresses, with three replicas and two in sync; every built service that reads
     * {@code KAFKA_BOOTSTRAP_SERVERS} passes those to itself and waits for all three brokers.
     */
    static List<String> clusterProfile(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        List<String> nodes = List.of("kafka", "kafka-2", "kafka-3");
        List<String> voters = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> node = s.service(nodes.get(i));
            if (node == null) {
                problems.add("no service " + nodes.get(i));
                continue;
            }
            if (i > 0 && !ComposeStack.list(node.get("profiles")).contains("cluster")) {
                problems.add(nodes.get(i) + " is not in the cluster profile");
            }
            Map<String, Object> env = ComposeStack.environment(node);
            String id = String.valueOf(env.get("KAFKA_NODE_ID"));
            if (!id.equals(String.valueOf(i + 1))) {
                problems.add(nodes.get(i) + " has KAFKA_NODE_ID " + id + ", not " + (i + 1));
            }
            voters.add((i + 1) + "@" + nodes.get(i) + ":9093");
            String advertised = String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"));
            if (!advertised.contains("PLAINTEXT://" + nodes.get(i) + ":9092")) {
                problems.add(nodes.get(i) + " advertises " + advertised + ", not PLAINTEXT://" + nodes.get(i) + ":9092");
            }
            addresses.add(nodes.get(i) + ":9092");
        }
        Map<String, String> cluster = s.clusterEnv;
        if (!String.join(",", voters).equals(cluster.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))) {
            problems.add("cluster.env's KAFKA_CONTROLLER_QUORUM_VOTERS is " + cluster.get("KAFKA_CONTROLLER_QUORUM_VOTERS")
                    + ", not " + String.join(",", voters));
        }
        if (!String.join(",", addresses).equals(cluster.get("KAFKA_BOOTSTRAP_SERVERS"))) {
            problems.add("cluster.env's KAFKA_BOOTSTRAP_SERVERS is " + cluster.get("KAFKA_BOOTSTRAP_SERVERS")
                    + ", not " + String.join(",", addresses));
        }
        if (!"3".equals(cluster.get("KAFKA_REPLICATION_FACTOR")) || !"2".equals(cluster.get("KAFKA_MIN_INSYNC_REPLICAS"))) {
            problems.add("cluster.env sets replication " + cluster.get("KAFKA_REPLICATION_FACTOR") + " and min in-sync "
                    + cluster.get("KAFKA_MIN_INSYNC_REPLICAS") + ", not 3 and 2");
        }
        Map<String, String> passed = Map.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS",
                "ADHERENCE_KAFKA_REPLICATION_FACTOR", "KAFKA_REPLICATION_FACTOR",
                "ADHERENCE_KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_MIN_INSYNC_REPLICAS");
        s.builtServices().forEach((name, module) -> {
            if (!s.config(module).bindings().binds("KAFKA_BOOTSTRAP_SERVERS")) {
                return; // not a Kafka client (the console, the dev identity provider)
            }
            Map<String, Object> env = ComposeStack.environment(s.service(name));
            passed.forEach((key, variable) -> {
                if (!String.valueOf(env.get(key)).startsWith("${" + variable + ":-")) {
                    problems.add(name + " sets " + key + " to " + env.get(key) + ", not from ${" + variable + "}");
                }
            });
            Object dependsOn = s.service(name).get("depends_on");
            nodes.forEach(node -> {
                if (!(dependsOn instanceof Map<?, ?> dependencies) || !dependencies.containsKey(node)) {
                    problems.add(name + " does not wait for " + node);
                }
            });
        });
        return problems;
    }

    static List<String> dashboardDatasources(ComposeStack s) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> datasource = s.provisionedDatasource();
        Object uid = datasource == null ? null : datasource.get("uid");
        if (uid == null) {
            problems.add("the provisioned Prometheus datasource has no uid for the dashboards to name");
        }
        if (s.dashboards.isEmpty()) {
            problems.add("no dashboard in " + OpsFiles.DASHBOARDS);
        }
        s.dashboards.forEach((file, dashboard) -> {
            for (Map<String, Object> panel : OpsFiles.panels(dashboard)) {
                List<Map<String, Object>> targets = OpsFiles.maps(panel.get("targets"));
                if (targets.isEmpty()) {
                    continue;
                }
                String where = file + " panel '" + panel.get("title") + "'";
                checkUid(problems, where, panel.get("datasource"), uid, true);
                for (Map<String, Object> target : targets) {
                    checkUid(problems, where + " query " + target.get("refId"), target.get("datasource"), uid, false);
                }
            }
            Object templating = dashboard.get("templating");
            for (Map<String, Object> variable : OpsFiles.maps(templating instanceof Map<?, ?> t ? t.get("list") : null)) {
                if ("query".equals(variable.get("type"))) {
                    checkUid(problems, file + " variable $" + variable.get("name"), variable.get("datasource"), uid, true);
                }
            }
        });
        return problems;
    }

    private static void checkUid(List<String> problems, String where, Object datasource, Object uid, boolean required) {
        if (datasource == null) {
            if (required) {
                problems.add(where + ": no datasource");
            }
            return;
        }
        Object actual = datasource instanceof Map<?, ?> d ? d.get("uid") : datasource;
        if (!String.valueOf(actual).equals(String.valueOf(uid))) {
            problems.add(where + ": datasource uid " + actual + ", but the provisioned one is " + uid);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Why an image reference is not pinned to an exact version, or null if it is. */
    private static String unpinned(String image) {
        if (image.contains("@sha256:")) {
            return null;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || colon < 0) {
            return "has no tag (that is :latest)";
        }
        String tag = image.substring(colon + 1);
        if (tag.equalsIgnoreCase("latest")) {
            return "is :latest";
        }
        if (!EXACT_VERSION.matcher(tag).find()) {
            return "has a floating tag (" + tag + "): pin major.minor.patch";
        }
        return null;
    }

    private static int containerPort(Object mapping) {
        if (mapping instanceof Map<?, ?> long_) {
            return Integer.parseInt(String.valueOf(long_.get("target")));
        }
        String text = String.valueOf(mapping);
        String withoutProtocol = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return Integer.parseInt(withoutProtocol.substring(withoutProtocol.lastIndexOf(':') + 1));
    }

    private static String healthcheckCommand(Map<String, Object> service) {
        Object test = service.get("healthcheck") instanceof Map<?, ?> h ? h.get("test") : null;
        return test instanceof List<?> parts ? String.join(" ", parts.stream().map(String::valueOf).toList())
                : String.valueOf(test);
    }


    /** Where a compose service mounts a host path (short volume syntax), or null. */
    private static String mountPoint(Map<String, Object> service, String hostPath) {
        for (Object volume : ComposeStack.list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && stripSlash(parts[0]).equals(stripSlash(hostPath))) {
                return stripSlash(parts[1]);
            }
        }
        return null;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The value of a {@code --flag=value} in a compose service's command, or the default. */
    private static String flag(Map<String, Object> service, String flag, String defaultValue) {
        Object command = service.get("command");
        List<String> words = command instanceof List<?> parts ? parts.stream().map(String::valueOf).toList()
                : command == null ? List.of() : List.of(String.valueOf(command).split("\\s+"));
        for (String word : words) {
            if (word.startsWith(flag + "=")) {
                return word.substring(flag.length() + 1);
            }
        }
        return defaultValue;
    }

    // ------------------------------------------------------------------------------------------------ mistakes

    /** Each check, shown failing on a copy of the stack with one realistic mistake in it. */
    @Nested
    class CatchesRealisticMistakes {

        private List<String> broken(Function<ComposeStack, List<String>> check, Consumer<ComposeStack> mistake) {
            ComposeStack copy = stack.copy();
            mistake.accept(copy);
            return check.apply(copy);
        }

        private Map<String, Object> env(ComposeStack s, String service) {
            return ComposeStack.environment(s.service(service));
        }

        @Test
        void mailpitOrPrometheusOnEveryInterface() {
            assertThat(broken(ComposeFileTest::localOnly, s -> s.service("mailpit").put("ports",
                    new ArrayList<>(List.of("8025:8025")))))
                    .anyMatch(p -> p.startsWith("mailpit: publishes 8025:8025 on every interface"));
            assertThat(broken(ComposeFileTest::localOnly, s -> s.service("prometheus").put("ports",
                    new ArrayList<>(List.of("0.0.0.0:9090:9090")))))
                    .anyMatch(p -> p.startsWith("prometheus: publishes 0.0.0.0:9090:9090 on every interface"));
        }

        @Test
        void aPortMappingToTheWrongContainerPort() {
            assertThat(broken(ComposeFileTest::ports, s -> s.service("notification-service").put("ports",
                    new ArrayList<>(List.of("8082:8080")))))
                    .anyMatch(p -> p.contains("publishes container port 8080") && p.contains("8082"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void aHealthcheckOnAnotherPort() {
            assertThat(broken(ComposeFileTest::ports, s -> ((Map<String, Object>) s.service("rules-service")
                    .get("healthcheck")).put("test", List.of("CMD", "curl", "-f", "http://localhost:8080/actuator/health"))))
                    .anyMatch(p -> p.contains("healthcheck calls port 8080"));
        }

        @Test
        void anEnvironmentKeyNobodyBinds() {
            assertThat(broken(ComposeFileTest::environmentKeys,
                    s -> env(s, "notification-service").put("ADHERENCE_NOTIFICATIONS_PUBLIC_URL", "http://x")))
                    .anyMatch(p -> p.contains("ADHERENCE_NOTIFICATIONS_PUBLIC_URL is bound by nothing"));
            assertThat(broken(ComposeFileTest::environmentKeys,
                    s -> env(s, "notification-service").put("SPRING_MAIL_SERVER", "mailpit")))
                    .anyMatch(p -> p.contains("SPRING_MAIL_SERVER is bound by nothing"));
        }

        @Test
        void aKeyOfAnotherService() {
            assertThat(broken(ComposeFileTest::environmentKeys,
                    s -> env(s, "dose-intake-service").put("SPRING_MAIL_HOST", "mailpit")))
                    .anyMatch(p -> p.startsWith("dose-intake-service") && p.contains("SPRING_MAIL_HOST"));
        }

        @Test
        void aPrometheusTargetOnTheWrongPortOrHostOrPath() {
            Consumer<ComposeStack> wrongPort = s -> firstStaticConfig(s, "notification-service")
                    .put("targets", List.of("notification-service:8080"));
            assertThat(broken(ComposeFileTest::prometheus, wrongPort))
                    .anyMatch(p -> p.contains("target notification-service:8080"));
            Consumer<ComposeStack> wrongHost = s -> firstStaticConfig(s, "notification-service")
                    .put("targets", List.of("localhost:8082"));
            assertThat(broken(ComposeFileTest::prometheus, wrongHost))
                    .anyMatch(p -> p.contains("target localhost:8082 is not one of the compose services"))
                    .anyMatch(p -> p.contains("scrapes notification-service 0 times"));
            Consumer<ComposeStack> wrongPath = s -> job(s, "rules-service").put("metrics_path", "/actuator/metrics");
            assertThat(broken(ComposeFileTest::prometheus, wrongPath))
                    .anyMatch(p -> p.contains("metrics_path is /actuator/metrics"));
        }

        @Test
        void aGrafanaDatasourceOnLocalhost() {
            assertThat(broken(ComposeFileTest::grafana,
                    s -> s.provisionedDatasource().put("url", "http://localhost:9090")))
                    .anyMatch(p -> p.contains("url http://localhost:9090 is not the compose service prometheus"));
        }

        @Test
        void dashboardsMountedWhereTheProviderDoesNotLook() {
            assertThat(broken(ComposeFileTest::grafana, s -> s.service("grafana").put("volumes",
                    List.of("./ops/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro",
                            "./ops/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro",
                            "./ops/grafana/dashboards:/var/lib/grafana/dashboards:ro"))))
                    .anyMatch(p -> p.contains("is mounted at /var/lib/grafana/dashboards"));
        }

        @Test
        void anUnpinnedImage() {
            assertThat(broken(ComposeFileTest::pinnedImages, s -> s.service("grafana").put("image", "grafana/grafana:latest")))
                    .anyMatch(p -> p.contains("grafana/grafana:latest is :latest"));
            assertThat(broken(ComposeFileTest::pinnedImages, s -> s.service("mailpit").put("image", "axllent/mailpit")))
                    .anyMatch(p -> p.contains("has no tag"));
            assertThat(broken(ComposeFileTest::pinnedImages, s -> s.dockerfiles.put("rules-service",
                    s.dockerfiles.get("rules-service").replaceFirst("FROM eclipse-temurin:\\S+-jre\\S*", "FROM eclipse-temurin:17-jre"))))
                    .anyMatch(p -> p.contains("FROM eclipse-temurin:17-jre has a floating tag"));
        }

        @Test
        void aServiceImageRunningAsRootOrWithoutHeapSettings() {
            assertThat(broken(ComposeFileTest::serviceImages, s -> s.dockerfiles.put("dose-intake-service",
                    s.dockerfiles.get("dose-intake-service").replaceAll("(?m)^USER .*$", ""))))
                    .anyMatch(p -> p.contains("no USER in the final stage"));
            assertThat(broken(ComposeFileTest::serviceImages, s -> s.dockerfiles.put("dose-intake-service",
                    s.dockerfiles.get("dose-intake-service").replaceAll("(?m)^USER .*$", "USER root"))))
                    .anyMatch(p -> p.contains("USER root is root"));
            assertThat(broken(ComposeFileTest::serviceImages,
                    s -> env(s, "rules-service").put("JAVA_TOOL_OPTIONS", "-XX:+ExitOnOutOfMemoryError")))
                    .anyMatch(p -> p.startsWith("rules-service: JAVA_TOOL_OPTIONS") && p.contains("sets no heap size"));
        }

        @Test
        void aServiceWithoutHealthcheckOrMemoryLimitOrAWeakDependency() {
            assertThat(broken(ComposeFileTest::healthAndLimits, s -> s.service("mailpit").remove("healthcheck")))
                    .anyMatch(p -> p.equals("mailpit: no healthcheck"));
            assertThat(broken(ComposeFileTest::healthAndLimits, s -> s.service("kafka").remove("mem_limit")))
                    .anyMatch(p -> p.equals("kafka: no mem_limit"));
            assertThat(broken(ComposeFileTest::healthAndLimits,
                    s -> s.service("grafana").put("depends_on", Map.of("prometheus", Map.of("condition", "service_started")))))
                    .anyMatch(p -> p.contains("grafana: depends_on prometheus with condition service_started"));
            assertThat(broken(ComposeFileTest::healthAndLimits,
                    s -> s.service("rules-service").put("depends_on", List.of("kafka"))))
                    .anyMatch(p -> p.contains("rules-service: depends_on [kafka] waits only for the start"));
        }

        @Test
        void aSecretWrittenIntoTheFileOrAnUndocumentedVariable() {
            assertThat(broken(ComposeFileTest::secrets, s -> env(s, "grafana").put("GF_SECURITY_ADMIN_PASSWORD", "admin")))
                    .anyMatch(p -> p.contains("GF_SECURITY_ADMIN_PASSWORD must be a ${VARIABLE}"));
            assertThat(broken(ComposeFileTest::secrets, s -> env(s, "notification-service")
                    .put("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", "${ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY:-changeme}")))
                    .anyMatch(p -> p.contains("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY must be a ${VARIABLE} from .env without a default"));
            assertThat(broken(ComposeFileTest::secrets, s -> env(s, "notification-service")
                    .put("ADHERENCE_NOTIFICATION_FROM", "${ALERTS_FROM:-alerts@adherence.local}")))
                    .anyMatch(p -> p.contains("uses ${ALERTS_FROM}, which .env.example does not list"));
            assertThat(broken(ComposeFileTest::secrets, s -> s.envExample = s.envExample
                    .replace("GRAFANA_ADMIN_PASSWORD=", "GRAFANA_ADMIN_PASSWORD=admin")))
                    .anyMatch(p -> p.contains(".env.example gives GRAFANA_ADMIN_PASSWORD a value"));
        }

        @Test
        void aClusterWhoseQuorumOrServicesMissABroker() {
            assertThat(broken(ComposeFileTest::clusterProfile, s -> s.clusterEnv.put("KAFKA_BOOTSTRAP_SERVERS",
                    "kafka:9092,kafka-2:9092"))).anyMatch(p -> p.contains("KAFKA_BOOTSTRAP_SERVERS is kafka:9092,kafka-2"));
            assertThat(broken(ComposeFileTest::clusterProfile, s -> env(s, "kafka-3").put("KAFKA_NODE_ID", 2)))
                    .anyMatch(p -> p.contains("kafka-3 has KAFKA_NODE_ID 2, not 3"));
            assertThat(broken(ComposeFileTest::clusterProfile, s -> env(s, "rules-service")
                    .put("ADHERENCE_KAFKA_MIN_INSYNC_REPLICAS", "1")))
                    .anyMatch(p -> p.contains("rules-service sets ADHERENCE_KAFKA_MIN_INSYNC_REPLICAS to 1"));
        }

        @Test
        void aDashboardOnAnotherDatasource() {
            assertThat(broken(ComposeFileTest::dashboardDatasources, s -> {
                Map<String, Object> panel = OpsFiles.panels(s.dashboards.get("service-health.json")).stream()
                        .filter(p -> p.get("targets") != null).findFirst().orElseThrow();
                panel.put("datasource", Map.of("type", "prometheus", "uid", "Prometheus"));
            })).anyMatch(p -> p.contains("datasource uid Prometheus, but the provisioned one is prometheus"));
        }

        private Map<String, Object> job(ComposeStack s, String name) {
            return OpsFiles.maps(s.prometheus.get("scrape_configs")).stream()
                    .filter(job -> name.equals(job.get("job_name"))).findFirst().orElseThrow();
        }

        private Map<String, Object> firstStaticConfig(ComposeStack s, String jobName) {
            return OpsFiles.maps(job(s, jobName).get("static_configs")).get(0);
        }
    }
}
