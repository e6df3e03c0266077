package org.adherence.notification.sending;

import org.adherence.contracts.codes.Severity;

/**
 * The order in which emails are handed out and sent: a CRITICAL email never waits for any other kind, a HIGH one
 * only for CRITICAL ones, and so on. Its ordinal is its priority.
 */
public enum Lane {
    CRITICAL, HIGH, WARNING, INFO;

    public static Lane of(Severity severity) {
        return switch (severity) {
            case CRITICAL -> CRITICAL;
            case HIGH -> HIGH;
            case WARNING -> WARNING;
            case INFO -> INFO;
        };
    }
}
