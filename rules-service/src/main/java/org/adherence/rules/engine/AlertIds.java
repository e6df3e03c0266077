package org.adherence.rules.engine;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.adherence.contracts.codes.RuleId;

/**
 * Deterministic alert ids: a name-based UUID of the pack, the rule, the patient and what the finding is about
 * (a dose's event id, a window's anchor time). Replays and duplicates therefore never make a second alert.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String rulePack, RuleId rule, String patientId, String findingKey) {
        String name = rulePack + "|" + rule + "|" + patientId + "|" + findingKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
