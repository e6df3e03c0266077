package org.adherence.notification.routing;

/**
 * How a recipient's address is part of an email's key in the stores ({@code <alertId>|<address>},
 * {@code <alertId>|reminder-<n>|<address>}, {@code group|<patientId>|<n>|<address>}, ...), and how a key is written
 * into a log line.
 * <p>
 * {@code |} separates the parts of a key; an address may contain one (RFC 5321 allows it in the local part, intake
 * refuses it since, an older profile on the topic may still have one). Escaped, no address can pass for the parts of
 * another key: {@code reminder-1|neuro@clinic.example} would otherwise be the key of the physician's first reminder,
 * and that reminder count as sent.
 */
public final class EmailKeys {

    private EmailKeys() {
    }

    /** The address as the last part of a key: normalised, {@code %} and {@code |} escaped as in a URL. */
    public static String address(String address) {
        String normalised = RecipientRouting.normalised(address);
        return normalised.indexOf('|') < 0 && normalised.indexOf('%') < 0 ? normalised
                : normalised.replace("%", "%25").replace("|", "%7C");
    }

    /** A key for a log line: an address is no one's business there, the alert, patient and role are. */
    public static String loggable(String emailKey) {
        int last = emailKey.lastIndexOf('|');
        return last < 0 ? emailKey : emailKey.substring(0, last + 1) + "<address>";
    }
}
