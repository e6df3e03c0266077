package org.adherence.contracts.codes;

/** Alert severities, lowest first, so that {@code compareTo} orders them by urgency. */
public enum Severity {
    INFO, WARNING, HIGH, CRITICAL
}
