package org.adherence.contracts.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of every value on the platform's topics. One configuration, so that what intake writes is
 * exactly what rules and notification read.
 */
public final class ContractJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private ContractJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies the contract's settings to a builder, also used to align Spring's HTTP mapper with the topics.
     * Offsets are kept as the app sent them: a dose's local time is part of what a clinician reads.
     */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // newer producers may add fields; an older reader keeps working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
