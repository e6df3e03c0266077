package org.adherence.contracts.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.adherence.contracts.codes.Symptom;

/**
 * The events and figures behind a finding. Only what applies to the rule is present.
 *
 * @param eventIds    the events the finding rests on, oldest first
 * @param totalMg     the amount the rule compared with its limit
 * @param limitMg     the limit it was compared with
 * @param windowStart start of the window of event time the rule looked at (inclusive)
 * @param windowEnd   end of that window (inclusive)
 * @param symptoms    the reported symptoms that raised the finding
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AlertEvidence(List<String> eventIds, BigDecimal totalMg, BigDecimal limitMg,
                            OffsetDateTime windowStart, OffsetDateTime windowEnd, List<Symptom> symptoms) {

    public AlertEvidence {
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
    }
}
