package org.adherence.rules.stream;

/**
 * The one place that names the dead-letter topics: {@code error.<topic>.<application-id>}, where the binder sends a
 * record it cannot read and the processor one it does not judge; and the headers the processor adds.
 */
final class DeadLetters {

    /** Why the processor did not judge the record: {@code limits}, {@code oversize} or {@code failed}. */
    static final String REASON_HEADER = "adherence_dlt-reason";

    private DeadLetters() {
    }

    static String topic(String inputTopic, String applicationId) {
        return "error." + inputTopic + "." + applicationId;
    }
}
