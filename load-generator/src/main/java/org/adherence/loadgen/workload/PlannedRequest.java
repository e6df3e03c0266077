package org.adherence.loadgen.workload;

import java.util.Map;

/**
 * One request of the run, ready to send.
 *
 * @param path   below the intake base URL, e.g. {@code /api/v1/patients/p-1/doses}
 * @param events how many events of each kind it carries
 */
public record PlannedRequest(String path, String token, byte[] body, Map<EventKind, Integer> events) {

    public int eventCount() {
        return events.values().stream().mapToInt(Integer::intValue).sum();
    }
}
