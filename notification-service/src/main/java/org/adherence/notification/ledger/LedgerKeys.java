package org.adherence.notification.ledger;

import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalInt;

import org.adherence.contracts.events.NotificationDelivered;

/**
 * The keys of the delivery ledger: one email per key, ever. Addresses are compared case-insensitively.
 * <ul>
 * <li>an alert's own email: {@code <alertId>|<address>}</li>
 * <li>the n-th reminder of a CRITICAL alert: {@code <alertId>|reminder-<n>|<address>}</li>
 * <li>a daily digest: {@code digest|<patientId>|<local date>|<address>}</li>
 * </ul>
 */
public final class LedgerKeys {

    private static final String REMINDER = "|reminder-";

    private LedgerKeys() {
    }

    public static String alert(String alertId, String address) {
        return NotificationDelivered.deliveryKey(alertId, address);
    }

    public static String reminder(String alertId, int n, String address) {
        return alertId + REMINDER + n + "|" + normalised(address);
    }

    /** The id a digest is recorded under in the ledger, in place of an alert id. */
    public static String digestId(String patientId, LocalDate date) {
        return "digest|" + patientId + "|" + date;
    }

    public static String digest(String patientId, LocalDate date, String address) {
        return digestId(patientId, date) + "|" + normalised(address);
    }

    /** The reminder number of a key of the given alert, if it is a reminder's key. */
    static OptionalInt reminderNumber(String alertId, String key) {
        String prefix = alertId + REMINDER;
        if (!key.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        int end = key.indexOf('|', prefix.length());
        try {
            return OptionalInt.of(Integer.parseInt(key.substring(prefix.length(), end < 0 ? key.length() : end)));
        }
        catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String normalised(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
