package org.adherence.rules.history;

import java.time.Instant;
import java.util.List;

import org.adherence.contracts.codes.RuleId;

/**
 * A finding already raised: kept so that it is never raised twice, and because some rules depend on earlier
 * findings (muscle weakness after a dose-limit finding, withdrawal signs after a sudden stop).
 *
 * @param anchor   the event time the finding is about; "at most once per 24 h" is measured between anchors
 * @param rulePack the pack that raised it; null in state written before packs were recorded
 */
public record FindingEntry(String alertId, RuleId rule, Instant anchor, List<String> eventIds, String rulePack) {

    public FindingEntry {
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
    }
}
