package org.adherence.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docker-compose.yml} and the files it mounts, parsed into maps and lists, with the configuration of each
 * service it builds: {@code server.port} of its application.yml and the keys it binds. {@link ComposeFileTest}
 * checks one against the other, and breaks {@link #copy() copies} of it to show that each check catches a mistake.
 */
final class ComposeStack {

    final Path root;

    Map<String, Object> compose;

    Map<String, Object> prometheus;

    Map<String, Object> datasources;

    Map<String, Object> dashboardProviders;

    Map<String, Map<String, Object>> dashboards;

    Map<String, String> dockerfiles = new LinkedHashMap<>();

    String envExample;

    /** {@code cluster.env}: the variables of the cluster profile. */
    Map<String, String> clusterEnv;

    private final Map<String, ServiceConfig> configs;

    private ComposeStack(Path root, Map<String, ServiceConfig> configs) {
        this.root = root;
        this.configs = configs;
    }

    static ComposeStack load(Path root) {
        ComposeStack s = new ComposeStack(root, new LinkedHashMap<>());
        s.compose = OpsFiles.yaml(root.resolve("docker-compose.yml"));
        s.prometheus = OpsFiles.yaml(root.resolve("ops/prometheus/prometheus.yml"));
        s.datasources = OpsFiles.yaml(root.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        s.dashboardProviders = OpsFiles.yaml(root.resolve("ops/grafana/provisioning/dashboards/dashboards.yml"));
        s.dashboards = OpsFiles.dashboards(root);
        s.envExample = OpsFiles.read(root.resolve(".env.example"));
        s.clusterEnv = envFile(OpsFiles.read(root.resolve("cluster.env")));
        s.builtServices().values().forEach(module -> {
            s.dockerfiles.put(module, OpsFiles.read(root.resolve(module).resolve("Dockerfile")));
            s.configs.put(module, ServiceConfig.load(root, module));
        });
        return s;
    }

    /** A copy whose files can be broken without touching this one; the services' configuration is shared. */
    ComposeStack copy() {
        ComposeStack c = new ComposeStack(root, configs);
        c.compose = deepCopy(compose);
        c.prometheus = deepCopy(prometheus);
        c.datasources = deepCopy(datasources);
        c.dashboardProviders = deepCopy(dashboardProviders);
        c.dashboards = deepCopy(dashboards);
        c.dockerfiles = new LinkedHashMap<>(dockerfiles);
        c.envExample = envExample;
        c.clusterEnv = new LinkedHashMap<>(clusterEnv);
        return c;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    Map<String, Object> service(String name) {
        return services().get(name);
    }

    /** Compose services built from a module's Dockerfile: service name to module. */
    Map<String, String> builtServices() {
        Map<String, String> built = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build && build.get("dockerfile") != null) {
                Path dockerfile = Path.of(String.valueOf(build.get("dockerfile")));
                built.put(name, dockerfile.getParent() == null ? name : dockerfile.getParent().toString());
            }
            else if (service.get("build") != null) {
                built.put(name, Path.of(String.valueOf(service.get("build"))).normalize().toString());
            }
        });
        return built;
    }

    ServiceConfig config(String module) {
        ServiceConfig config = configs.get(module);
        if (config == null) {
            throw new IllegalStateException("no module " + module + " with an application.yml");
        }
        return config;
    }

    Dockerfile dockerfile(String module) {
        return Dockerfile.parse(dockerfiles.getOrDefault(module, ""));
    }

    /** The compose service whose image is {@code repository} (any tag), or null. */
    String serviceRunning(String repository) {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            if (String.valueOf(service.getValue().get("image")).startsWith(repository + ":")
                    || String.valueOf(service.getValue().get("image")).equals(repository)) {
                return service.getKey();
            }
        }
        return null;
    }

    Map<String, Object> provisionedDatasource() {
        for (Map<String, Object> datasource : OpsFiles.maps(datasources.get("datasources"))) {
            if ("prometheus".equals(datasource.get("type"))) {
                return datasource;
            }
        }
        return null;
    }

    /** The compose file as text again (of this copy, mistakes included), for its ${VARIABLE}s. */
    /** The {@code NAME=value} lines of an env file. */
    static Map<String, String> envFile(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.strip().startsWith("#") && equals > 0) {
                variables.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return variables;
    }

    String composeText() {
        DumperOptions options = new DumperOptions();
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(compose);
    }

    /** What a service binds, in the relaxed form of environment variables. */
    record Bindings(Set<String> keys, Set<String> mapPrefixes) {

        boolean binds(String key) {
            return keys.contains(key) || mapPrefixes.stream().anyMatch(prefix -> key.startsWith(prefix + "_"));
        }

        /** The environment variables that set a property: dots to underscores, dashes dropped or underscores. */
        static Set<String> environmentForms(String property) {
            String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
            return new LinkedHashSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
        }
    }

    /** A service module's own configuration. */
    record ServiceConfig(int serverPort, Bindings bindings) {

        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:$]+)");

        static ServiceConfig load(Path root, String module) {
            Path applicationYml = root.resolve(module).resolve("src/main/resources/application.yml");
            Integer port = null;
            for (Object document : OpsFiles.yamlDocuments(applicationYml)) {
                if (path(document, "spring", "config", "activate", "on-profile") == null
                        && path(document, "server", "port") != null) {
                    port = Integer.valueOf(String.valueOf(path(document, "server", "port")));
                }
            }
            if (port == null) {
                throw new IllegalStateException(applicationYml + " sets no server.port");
            }
            Set<String> keys = new TreeSet<>();
            Set<String> mapPrefixes = new TreeSet<>();
            Matcher placeholder = PLACEHOLDER.matcher(OpsFiles.read(applicationYml));
            while (placeholder.find()) {
                String name = placeholder.group(1).trim();
                keys.add(name);
                keys.addAll(Bindings.environmentForms(name));
            }
            readMetadata(jarOf(root, module), (name, isMap) -> {
                Set<String> forms = Bindings.environmentForms(name);
                keys.addAll(forms);
                if (isMap) {
                    mapPrefixes.addAll(forms);
                }
            });
            return new ServiceConfig(port, new Bindings(keys, mapPrefixes));
        }

        private static Path jarOf(Path root, String module) {
            String configured = System.getProperty("e2e.jar." + module);
            if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
                return Path.of(configured);
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(root.resolve(module).resolve("target"),
                    module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
            catch (IOException e) {
                // no target folder: fall through
            }
            throw new IllegalStateException("no executable jar of " + module + ": run through Maven (e2e.jar."
                    + module + ") or build it first");
        }

        private interface PropertyConsumer {
            void accept(String name, boolean isMap);
        }

        /** The configuration metadata of the service's own classes and of every library in its jar. */
        private static void readMetadata(Path jar, PropertyConsumer properties) {
            JsonMapper json = JsonMapper.builder().build();
            Consumer<byte[]> parse = bytes -> {
                for (Map<String, Object> property : OpsFiles.maps(json.readValue(bytes, Map.class).get("properties"))) {
                    properties.accept(String.valueOf(property.get("name")),
                            String.valueOf(property.get("type")).startsWith("java.util.Map"));
                }
            };
            int found = 0;
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.equals("META-INF/spring-configuration-metadata.json")
                            || name.equals("BOOT-INF/classes/META-INF/spring-configuration-metadata.json")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            parse.accept(in.readAllBytes());
                            found++;
                        }
                    }
                    else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                        try (InputStream in = file.getInputStream(entry);
                             JarInputStream library = new JarInputStream(in)) {
                            for (JarEntry inner; (inner = library.getNextJarEntry()) != null; ) {
                                if (inner.getName().equals("META-INF/spring-configuration-metadata.json")) {
                                    parse.accept(library.readAllBytes());
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(jar.toString(), e);
            }
            if (found == 0) {
                throw new IllegalStateException(jar + " has no META-INF/spring-configuration-metadata.json of its own:"
                        + " is spring-boot-configuration-processor missing, or is the jar older than it? Rebuild it.");
            }
        }
    }

    /** The instructions of a Dockerfile that matter here. */
    record Dockerfile(List<String> baseImages, String finalUser, Map<String, String> env, Set<Integer> exposed) {

        private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

        static Dockerfile parse(String text) {
            List<String> images = new ArrayList<>();
            Set<String> stages = new LinkedHashSet<>();
            String user = null;
            Map<String, String> env = new LinkedHashMap<>();
            Set<Integer> exposed = new LinkedHashSet<>();
            for (String instruction : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
                String line = instruction.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split("\\s+", 2);
                String args = words.length > 1 ? words[1].trim() : "";
                switch (words[0].toUpperCase(Locale.ROOT)) {
                    case "FROM" -> {
                        String[] from = args.replaceAll("--\\S+\\s+", "").split("\\s+");
                        if (!stages.contains(from[0])) {
                            images.add(from[0]);
                        }
                        if (from.length >= 3 && from[1].equalsIgnoreCase("AS")) {
                            stages.add(from[2]);
                        }
                        user = null; // USER does not carry over into the next stage
                        env.clear();
                    }
                    case "USER" -> user = args;
                    case "ENV" -> {
                        Matcher pair = ENV_PAIR.matcher(args);
                        boolean any = false;
                        while (pair.find()) {
                            String value = pair.group(2);
                            env.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
                            any = true;
                        }
                        if (!any && args.contains(" ")) { // the old form: ENV KEY value
                            env.put(args.substring(0, args.indexOf(' ')), args.substring(args.indexOf(' ') + 1).trim());
                        }
                    }
                    case "EXPOSE" -> {
                        for (String port : args.split("\\s+")) {
                            exposed.add(Integer.valueOf(port.replaceAll("/.*", "")));
                        }
                    }
                    default -> {
                    }
                }
            }
            return new Dockerfile(images, user, env, exposed);
        }
    }

    /** A YAML value as a list: itself, or a list of its one value, or empty. */
    static List<Object> list(Object value) {
        if (value instanceof List<?> items) {
            return new ArrayList<>(items);
        }
        return value == null ? List.of() : List.of(value);
    }

    /** The value under nested keys of YAML maps, or null. */
    static Object path(Object node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** A copy of nested maps and lists that can be changed without changing the original. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> items) {
            List<Object> copy = new ArrayList<>();
            items.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }

    /** The environment of a compose service, from its map or its list of KEY=VALUE. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Object entry : list(environment)) {
            String text = String.valueOf(entry);
            int equals = text.indexOf('=');
            variables.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
        }
        return variables;
    }
}
