package org.adherence.rules.history;

import static org.adherence.rules.Scenario.at;
import static org.adherence.rules.Scenario.prescription;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.rules.Scenario;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

/** The state as the store keeps it (JSON), and the bound on its time zones. */
class PatientHistoryStateTest {

    private static final JsonSerde<PatientHistory> SERDE = new JsonSerde<>(PatientHistory.class);

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static Scenario movedToSydney() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        patient.dose("10", at(0, "08:00"));
        patient.profile(SYDNEY, prescription("10", 3));
        patient.dose("10", at(1, "08:00"));
        return patient;
    }

    @Test
    void theZonesSurviveTheStore() {
        PatientHistory history = movedToSydney().history();

        PatientHistory restored = SERDE.deserialize("t", SERDE.serialize("t", history));

        assertThat(restored).isEqualTo(history);
        assertThat(restored.zones()).extracting(ZoneChange::zone).containsExactly(Scenario.BERLIN, SYDNEY);
    }

    @Test
    void aStateWrittenBeforeTheZonesWereKeptLoadsWithTheProfilesZoneOnly() throws Exception {
        ObjectNode json = (ObjectNode) org.adherence.contracts.json.ContractJson.mapper()
                .readTree(new String(SERDE.serialize("t", movedToSydney().history()), StandardCharsets.UTF_8));
        json.remove("zones");

        PatientHistory restored = SERDE.deserialize("t", json.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(restored.doses()).hasSize(2);
        assertThat(restored.zones()).extracting(ZoneChange::zone).containsExactly(SYDNEY);
        assertThat(restored.timeline().localDate(at(0, "20:00").toInstant())).as("as before: all in Sydney")
                .isEqualTo(Scenario.DAY.plusDays(1));
    }

    @Test
    void keepsOnlyTheZonesOfTheDaysStillHeldAndTheCurrentOne() {
        Scenario patient = Scenario.patient("p-1");
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        patient.dose("10", at(0, "08:00"));
        patient.profile(SYDNEY, prescription("10", 3));
        patient.dose("10", at(20, "08:00"));
        patient.profile(ZoneId.of("America/Los_Angeles"), prescription("10", 3));
        patient.dose("10", at(40, "08:00"));
        patient.profile(Scenario.BERLIN, prescription("10", 3));
        assertThat(patient.history().zones()).hasSize(4);

        // 35 days back from day 50: day 15 on; Sydney was in force from day 0, so it still counts for day 15
        PatientHistory pruned = patient.history().pruned(at(50, "12:00").toInstant().minus(Duration.ofDays(35)),
                Duration.ofDays(8), Set.of(RuleId.CONTRAINDICATION_REVIEW), 5000);
        assertThat(pruned.zones()).extracting(ZoneChange::zone)
                .containsExactly(SYDNEY, ZoneId.of("America/Los_Angeles"), Scenario.BERLIN);
        assertThat(pruned.doses()).hasSize(2);

        PatientHistory bounded = patient.history().pruned(at(50, "12:00").toInstant().minus(Duration.ofDays(35)),
                Duration.ofDays(8), Set.of(), 1);
        assertThat(bounded.zones()).extracting(ZoneChange::zone).containsExactly(Scenario.BERLIN);
        assertThat(bounded.zones().get(0).from()).isAfter(Instant.EPOCH);
    }
}
