package org.adherence.loadgen.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.adherence.loadgen.workload.EventMix;

/** The command line of the load generator; {@link #USAGE} lists it. */
public record Options(URI intake, int patients, double rate, Duration duration, Duration warmup, int batchSize,
                      String secret, String secretSource, List<URI> services, EventMix mix, Optional<Path> reportJson,
                      String patientPrefix, Duration drain, Duration requestTimeout, Duration lateAfter, long seed,
                      int profileConcurrency, Duration quiet) {

    public static final String USAGE = """
            usage: ./load.sh [options]
              --intake URL            dose-intake-service base URL (default http://localhost:8080)
              --patients N            synthetic patients, each enrolled with a profile first (default 200)
              --rate R                target arrival rate in events per second, open model (default 20)
              --duration D            ISO-8601 duration of the timed run, e.g. PT60S (default PT60S)
              --warmup D              first send at the same rate for this long, not counted, and wait for its
                                      alerts and emails (JIT, connections, caches); PT0S for none (default PT10S)
              --batch-size K          events per request: 1 posts to /doses and /symptoms, more to /events:batch
                                      (default 1)
              --secret S              HS256 secret of intake's tokens (UTF-8, at least 32 bytes)
              --secret-file F         file holding it (default .local/dev-jwt-secret, as ./run-local.sh makes it)
              --services U,U,U        base URLs whose /actuator/prometheus is scraped before and after; "none" for
                                      none (default http://localhost:8080,http://localhost:8081,http://localhost:8082)
              --mix overdose=S,symptoms=S  shares of 25 mg doses and symptom reports; the rest are 10 mg doses
                                      (default overdose=0.02,symptoms=0.05)
              --report-json FILE      also write the report as JSON
              --patient-prefix P      patient ids P-00001...; default lg-<time>, new for every run
              --drain D               at most this long after the last answer (and after the warm-up), wait for
                                      alerts and emails to settle (default PT120S)
              --quiet D               settled needs every expected alert and email, no consumer lag, no held alert,
                                      and the counters unchanged for this long (default PT30S)
              --timeout D             request timeout (default PT30S)
              --late-after D          a send this much after it was due counts as late (default PT0.01S)
              --seed N                seed of the event mix (default 42)
              --profile-concurrency N profile PUTs in flight during set-up (default 16)
              --help
            """;

    static final String DEFAULT_SECRET_FILE = ".local/dev-jwt-secret";

    public static Options parse(String... args) {
        URI intake = URI.create("http://localhost:8080");
        int patients = 200;
        double rate = 20;
        Duration duration = Duration.ofSeconds(60);
        Duration warmup = Duration.ofSeconds(10);
        int batchSize = 1;
        String secret = null;
        Path secretFile = null;
        List<URI> services = List.of(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"),
                URI.create("http://localhost:8082"));
        EventMix mix = EventMix.DEFAULT;
        Path reportJson = null;
        String prefix = "lg-" + Long.toString(System.currentTimeMillis() / 1000, 36);
        Duration drain = Duration.ofSeconds(120);
        Duration quiet = Duration.ofSeconds(30);
        Duration timeout = Duration.ofSeconds(30);
        Duration lateAfter = Duration.ofMillis(10);
        long seed = 42;
        int profileConcurrency = 16;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new UsageException(null);
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            try {
                switch (name) {
                    case "--intake" -> intake = baseUrl(value);
                    case "--patients" -> patients = positiveInt(value);
                    case "--rate" -> rate = positiveDouble(value);
                    case "--duration" -> duration = positiveDuration(value);
                    case "--warmup" -> warmup = duration(value);
                    case "--batch-size" -> batchSize = positiveInt(value);
                    case "--secret" -> secret = value;
                    case "--secret-file" -> secretFile = Path.of(value);
                    case "--services" -> services = services(value);
                    case "--mix" -> mix = EventMix.parse(value);
                    case "--report-json" -> reportJson = Path.of(value);
                    case "--patient-prefix" -> prefix = patientPrefix(value);
                    case "--drain" -> drain = duration(value);
                    case "--quiet" -> quiet = duration(value);
                    case "--timeout" -> timeout = positiveDuration(value);
                    case "--late-after" -> lateAfter = duration(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--profile-concurrency" -> profileConcurrency = positiveInt(value);
                    default -> throw new UsageException("unknown option " + name);
                }
            }
            catch (NumberFormatException e) {
                throw new UsageException(name + ": not a number '" + value + "'");
            }
            catch (IllegalArgumentException e) {
                if (e instanceof UsageException) {
                    throw e;
                }
                throw new UsageException(name + ": " + e.getMessage());
            }
        }
        if (batchSize > 1000) {
            throw new UsageException("--batch-size: intake takes at most 1000 items a batch");
        }
        if (secret != null && secretFile != null) {
            throw new UsageException("give --secret or --secret-file, not both");
        }
        String source = "--secret";
        if (secret == null) {
            Path file = secretFile != null ? secretFile : Path.of(DEFAULT_SECRET_FILE);
            source = file.toString();
            try {
                secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            catch (IOException e) {
                throw new UsageException("cannot read the secret from " + file + " (" + e.getMessage()
                        + "); start ./run-local.sh once, or give --secret / --secret-file");
            }
        }
        return new Options(intake, patients, rate, duration, warmup, batchSize, secret, source, services, mix,
                Optional.ofNullable(reportJson), prefix, drain, timeout, lateAfter, seed, profileConcurrency, quiet);
    }

    /** A bad command line; without a message, the user asked for the usage. */
    public static final class UsageException extends IllegalArgumentException {

        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * A base URL: http or https, a host, no path (the paths {@code /api/v1/...} and {@code /actuator/prometheus} are
     * resolved against it from the root, so a path given here would be dropped silently), no query or fragment.
     */
    static URI baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        }
        catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not an http(s) URL '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL '" + value + "'");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("give the base URL without a path, query or fragment, e.g. "
                    + scheme + "://" + uri.getRawAuthority() + " (not '" + value + "')");
        }
        return uri;
    }

    private static List<URI> services(String value) {
        if (value.isBlank() || value.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        for (String part : value.split(",")) {
            uris.add(baseUrl(part.strip()));
        }
        return List.copyOf(uris);
    }

    private static String patientPrefix(String value) {
        if (!value.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("1 to 40 characters of A-Z a-z 0-9 . _ - (patient ids are limited)");
        }
        return value;
    }

    private static int positiveInt(String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static double positiveDouble(String value) {
        double d = Double.parseDouble(value);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("must be a positive number");
        }
        return d;
    }

    private static Duration positiveDuration(String value) {
        Duration d = duration(value);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }

    private static Duration duration(String value) {
        try {
            Duration d = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 duration '" + value + "' (e.g. PT60S, PT2M)");
        }
    }
}
