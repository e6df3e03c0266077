package org.adherence.loadgen.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One time series of a scrape: a metric name and its labels (sorted, so equal series compare equal). */
public record Series(String name, Map<String, String> labels) {

    public Series {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public String label(String labelName) {
        return labels.get(labelName);
    }
}
