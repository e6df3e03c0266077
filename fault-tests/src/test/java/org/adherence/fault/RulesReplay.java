package org.adherence.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.adherence.contracts.Topics;
import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.process.ServiceProcess;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alert ids rules-service's own code says a patient's events should raise: the events and profiles as they are on
 * the topics, written as a replay file and run through the offline replay of the rules-service jar under test
 * ({@code ./replay.sh}, README "Replay"), which uses the service's RuleEngine without Kafka.
 */
final class RulesReplay {

    private RulesReplay() {
    }

    static Set<String> alertIds(FaultStack stack, Patients patients) throws IOException, InterruptedException {
        String servers = stack.kafka().bootstrapServers();
        List<String> lines = new ArrayList<>();
        for (TopicRecords.Entry profile : TopicRecords.read(servers, Topics.PATIENT_PROFILES.name(), patients::owns)) {
            lines.add(line("profile", profile.value()));
        }
        for (TopicRecords.Entry dose : TopicRecords.read(servers, Topics.DOSE_EVENTS.name(), patients::owns)) {
            lines.add(line("dose", dose.value()));
        }
        for (TopicRecords.Entry report : TopicRecords.read(servers, Topics.SYMPTOM_EVENTS.name(), patients::owns)) {
            lines.add(line("symptoms", report.value()));
        }
        Path file = stack.work().resolve("replay-" + patients.prefix() + ".jsonl");
        Path output = stack.work().resolve("replay-" + patients.prefix() + ".out");
        Files.write(file, lines);
        Process replay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ServiceProcess.jar("rules-service").toString(),
                "-Dloader.main=org.adherence.rules.replay.ReplayCommand",
                "org.springframework.boot.loader.launch.PropertiesLauncher",
                file.toString(), "--scan-interval", "PT1H")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!replay.waitFor(5, TimeUnit.MINUTES) || replay.exitValue() != 0) {
            throw new IllegalStateException("The replay failed:\n" + Files.readString(output));
        }
        // one finding a line: raisedAt severity rule patientId alertId summary
        Set<String> ids = new TreeSet<>();
        for (String line : Files.readAllLines(output)) {
            String[] fields = line.split(" ", 6);
            if (fields.length >= 5 && patients.owns(fields[3])) {
                ids.add(fields[4]);
            }
        }
        return ids;
    }

    /** A topic's record as a replay line: the same JSON with the line's type. */
    private static String line(String type, String value) {
        ObjectNode node = (ObjectNode) ContractJson.mapper().readTree(value);
        node.put("type", type);
        return ContractJson.mapper().writeValueAsString(node);
    }
}
