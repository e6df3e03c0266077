package org.adherence.notification.events;

/** What kind of email it is. */
public enum EmailKind {
    /** a CRITICAL or HIGH alert's own email */
    ALERT,
    /** the n-th reminder of a CRITICAL alert */
    REMINDER,
    /** one patient's WARNING alerts, grouped */
    GROUP,
    /** one patient's INFO alerts of a local day */
    DIGEST
}
