package org.adherence.console.alerts;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;

/**
 * What the inbox shows: a severity, a rule, a patient, or everything. Kept in the session, never in the address, so
 * that which patient has which finding never reaches a browser's history or a proxy's log.
 */
public record InboxFilter(Severity severity, RuleId rule, String patientId) implements Serializable {

    public static final InboxFilter NONE = new InboxFilter(null, null, null);

    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The filter from a form's fields, each empty or one of its allowed values; otherwise the message of what is wrong. */
    public static InboxFilter parse(String severity, String rule, String patientId) {
        Severity s = blank(severity) ? null : parseEnum(Severity.class, severity, "severity");
        RuleId r = blank(rule) ? null : parseEnum(RuleId.class, rule, "rule");
        String p = blank(patientId) ? null : patientId.strip();
        if (p != null && !PATIENT_ID.matcher(p).matches()) {
            throw new IllegalArgumentException("A patient id is 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        return new InboxFilter(s, r, p);
    }

    public boolean isEmpty() {
        return severity == null && rule == null && patientId == null;
    }

    Map<String, String> asQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        if (severity != null) {
            query.put("severity", severity.name());
        }
        if (rule != null) {
            query.put("rule", rule.name());
        }
        if (patientId != null) {
            query.put("patientId", patientId);
        }
        return query;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip());
        }
        catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("Unknown " + field);
        }
    }
}
