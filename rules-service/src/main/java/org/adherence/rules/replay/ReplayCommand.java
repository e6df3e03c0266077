package org.adherence.rules.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.adherence.rules.config.RulesProperties;
import org.adherence.rules.judging.PatientJudge;
import org.adherence.rules.pack.RulePacks;
import org.slf4j.LoggerFactory;

/**
 * "What would this pack have said about last month?": replays a file of events through the rules offline and
 * prints the findings the service would have raised, one a line:
 * <pre>
 * &lt;raisedAt&gt; &lt;severity&gt; &lt;rule&gt; &lt;patientId&gt; &lt;alertId&gt; &lt;summary&gt;
 * </pre>
 * Usage: {@code ReplayCommand <events.jsonl> [--pack <file>] [--until <time>] [--scan-interval <duration>]}. The
 * file format is described in {@link EventFile}; without {@code --pack}, the packs the service ships with. Exit code
 * 0, or 2 with a message on standard error for bad arguments, a bad pack or a bad line (its number and why).
 */
public final class ReplayCommand {

    static final String USAGE = "usage: replay <events.jsonl> [--pack <rule-pack.json>] [--until <time>] "
            + "[--scan-interval <ISO duration, default PT1M>]";

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path events = null;
        String pack = "classpath*:rulepacks/*.json";
        Instant until = null;
        Duration scanInterval = Duration.ofMinutes(1);
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--pack" -> pack = Path.of(value(args, ++i, arg)).toAbsolutePath().toUri().toString();
                    case "--until" -> until = OffsetDateTime.parse(value(args, ++i, arg)).toInstant();
                    case "--scan-interval" -> scanInterval = Duration.parse(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("--") || events != null) {
                            throw new IllegalArgumentException("unexpected argument " + arg);
                        }
                        events = Path.of(arg);
                    }
                }
            }
            if (events == null) {
                throw new IllegalArgumentException("no events file");
            }
            if (scanInterval.isNegative() || scanInterval.isZero()) {
                throw new IllegalArgumentException("--scan-interval must be positive");
            }
        }
        catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            List<EventFile.Line> lines = EventFile.read(reader);
            // the service's settings: the same retention and bounds
            RulesProperties settings = new RulesProperties(pack, scanInterval, Duration.ofDays(35), 5000,
                    Duration.ofMinutes(1));
            Replay replay = new Replay(PatientJudge.of(RulePacks.load(pack), settings), scanInterval,
                    raised -> out.println(raised.raisedAt() + " " + raised.finding().rule().severity() + " "
                            + raised.finding().rule() + " " + raised.patientId() + " " + raised.finding().alertId()
                            + " " + raised.finding().summary()));
            replay.run(lines, until);
            return 0;
        }
        catch (EventFile.BadLine e) {
            err.println(events + ": " + e.getMessage());
            return 2;
        }
        catch (IOException e) {
            err.println("cannot read " + events + ": " + e.getMessage());
            return 2;
        }
        catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** The findings are the output; the libraries' start-up chatter is not. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
