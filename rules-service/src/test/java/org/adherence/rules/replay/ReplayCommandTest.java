package org.adherence.rules.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.rules.engine.AlertIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final Path EXAMPLE = Path.of("src/test/resources/replay/example.jsonl");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReplayCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsTheFindingsOfTheExampleOneALineWhenTheSimulatedServiceRaisedThem() {
        assertThat(run(EXAMPLE.toString())).isZero();

        // RULES.md's first example: the 23:00 dose, in a window already above the daily maximum, raises nothing new
        assertThat(printed()).containsExactly(
                "2026-11-24T21:00:00Z HIGH DAILY_MAX_EXCEEDED p-456 "
                        + AlertIds.of("baclofen@1", RuleId.DAILY_MAX_EXCEEDED, "p-456", "2026-11-24")
                        + " 90 mg of baclofen in the 24 hours to 2026-11-24 22:00 (+01:00); the maximum is 80 mg.",
                "2026-11-24T21:00:00Z WARNING TOO_MANY_DOSES p-456 "
                        + AlertIds.of("baclofen@1", RuleId.TOO_MANY_DOSES, "p-456", "2026-11-24")
                        + " 5 doses of baclofen (90 mg) in the 24 hours to 2026-11-24 22:00 (+01:00), from 2026-11-24 "
                        + "08:00 (+01:00); at most 4 doses are advised.",
                "2026-11-25T19:00:00Z HIGH ABRUPT_DISCONTINUATION p-123 "
                        + AlertIds.of("baclofen@1", RuleId.ABRUPT_DISCONTINUATION, "p-123", "p123-24-20")
                        + " No baclofen taken for 24 hours since 10 mg at 2026-11-24 20:00 (+01:00), after daily use on "
                        + "5 days in a row (2026-11-20 to 2026-11-24): a sudden stop, with a risk of withdrawal.",
                "2026-11-27T19:00:00Z CRITICAL WITHDRAWAL_SIGNS p-123 "
                        + AlertIds.of("baclofen@1", RuleId.WITHDRAWAL_SIGNS, "p-123", "p123-s1")
                        + " Reported hallucinations at 2026-11-27 20:00 (+01:00), 2 days after the sudden stop noticed "
                        + "at 2026-11-25 20:00 (+01:00): possible signs of baclofen withdrawal.",
                "2026-11-28T07:00:00Z INFO DOSING_RESUMED p-123 "
                        + AlertIds.of("baclofen@1", RuleId.DOSING_RESUMED, "p-123", "p123-24-20")
                        + " 10 mg of baclofen taken at 2026-11-28 08:00 (+01:00), the first dose since 2026-11-24 20:00 "
                        + "(+01:00) (3 days 12 hours earlier), after the sudden stop.",
                "2026-11-28T23:00:00Z INFO MISSED_DOSES p-123 "
                        + AlertIds.of("baclofen@1", RuleId.MISSED_DOSES, "p-123", "2026-11-28")
                        + " 1 of the 3 prescribed doses of baclofen taken on 2026-11-28 (10 mg at 08:00): 2 missed.");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void stopsAtTheUntilTime() {
        assertThat(run(EXAMPLE.toString(), "--until", "2026-11-25T19:30:00Z")).isZero();

        assertThat(printed()).extracting(line -> line.split(" ")[2]).containsExactly("DAILY_MAX_EXCEEDED",
                "TOO_MANY_DOSES", "ABRUPT_DISCONTINUATION");
    }

    @Test
    void runsAnotherPackGivenAsAFile(@TempDir Path dir) throws IOException {
        Path pack = dir.resolve("strict.json");
        Files.writeString(pack, Files.readString(Path.of("../adherence-contracts/src/main/resources/rulepacks/"
                + "baclofen@1.json")).replace("\"id\": \"baclofen@1\"", "\"id\": \"baclofen@strict\"")
                .replace("\"maxMg\": 80", "\"maxMg\": 60"));
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, """
                {"type":"dose","patientId":"p-1","eventId":"a","drug":"Baclofen","doseMg":20,"takenAt":"2026-11-24T08:00:00Z"}
                {"type":"dose","patientId":"p-1","eventId":"b","drug":"baclofen","doseMg":20,"takenAt":"2026-11-24T12:00:00Z"}
                {"type":"dose","patientId":"p-1","eventId":"c","drug":"baclofen","doseMg":20,"takenAt":"2026-11-24T16:00:00Z"}
                {"type":"dose","patientId":"p-1","eventId":"d","drug":"baclofen","doseMg":5,"takenAt":"2026-11-24T20:00:00Z"}
                """);

        assertThat(run(events.toString(), "--pack", pack.toString())).isZero();

        assertThat(printed()).singleElement().asString().startsWith("2026-11-24T20:00:00Z HIGH DAILY_MAX_EXCEEDED p-1 "
                + AlertIds.of("baclofen@strict", RuleId.DAILY_MAX_EXCEEDED, "p-1", "2026-11-24")
                + " 65 mg of baclofen in the 24 hours to 2026-11-24 20:00 (+00:00); the maximum is 60 mg.");
    }

    @Test
    void aBadLineIsNamedByItsNumberAndExitsWithTwo(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, """
                # a comment
                {"type":"dose","patientId":"p-1","eventId":"a","drug":"baclofen","doseMg":20,"takenAt":"2026-11-24T08:00:00Z"}
                {"type":"symptoms","patientId":"p-1","eventId":"s","symptoms":["SNEEZING"],"observedAt":"2026-11-24T09:00:00Z"}
                """);

        assertThat(run(events.toString())).isEqualTo(2);

        assertThat(printed()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(events + ": line 3: not a valid symptoms (");
    }

    @Test
    void aLineOfUnknownTypeOrNoEventsFileExitsWithTwo(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, "{\"type\":\"visit\",\"patientId\":\"p-1\"}\n");

        assertThat(run(events.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("line 1: \"type\" must be \"dose\", \"symptoms\" or \"profile\", not \"visit\"");
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no events file").contains(ReplayCommand.USAGE);
    }

    @Test
    void aProfileWithAnAtTimeChangesTheZoneFromThenOnAndTheDaysBeforeKeepTheirZone(@TempDir Path dir)
            throws IOException {
        StringBuilder lines = new StringBuilder("""
                {"type":"profile","patientId":"p-1","timeZone":"Europe/Berlin","prescriptions":[{"drug":"baclofen","doseMg":10,"timesPerDay":3,"startDate":"2026-11-01"}]}
                """);
        // 09:00 in Berlin is midnight in Los Angeles: morning doses at 08:50 and 09:10 alternate between its days
        for (int day = 20; day < 26; day++) {
            for (String time : new String[] {day % 2 == 0 ? "08:50" : "09:10", "14:00", "20:00"}) {
                lines.append(dose("b" + day + time, "2026-11-" + day + "T" + time + ":00+01:00"));
            }
        }
        lines.append("""
                {"type":"profile","patientId":"p-1","at":"2026-11-26T05:00:00Z","timeZone":"America/Los_Angeles","prescriptions":[{"drug":"baclofen","doseMg":10,"timesPerDay":3,"startDate":"2026-11-01"}]}
                """);
        for (int day = 26; day < 29; day++) {
            for (String time : new String[] {"08:00", "14:00", "20:00"}) {
                lines.append(dose("l" + day + time, "2026-11-" + day + "T" + time + ":00-08:00"));
            }
        }
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, lines);

        // until the last day in Los Angeles has been judged, before the stop after it would be
        assertThat(run(events.toString(), "--until", "2026-11-29T12:00:00Z")).isZero();

        assertThat(printed()).isEmpty();
    }

    private static String dose(String eventId, String takenAt) {
        return "{\"type\":\"dose\",\"patientId\":\"p-1\",\"eventId\":\"" + eventId
                + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\"" + takenAt + "\"}\n";
    }
}
