package org.adherence.notification.careteam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.CareTeamMember;

/**
 * Who receives an alert's own email (RULES.md, "Who is mailed"):
 * {@code CRITICAL, HIGH, INFO -> whole care team; WARNING -> clinicians}. INFO alerts reach them through the
 * daily digest, never on their own.
 * Each address once, however often the team lists it.
 */
public final class RecipientRouting {

    private RecipientRouting() {
    }

    public static List<CareTeamMember> recipientsOf(Severity severity, List<CareTeamMember> careTeam) {
        Map<String, CareTeamMember> byAddress = new LinkedHashMap<>();
        for (CareTeamMember member : careTeam) {
            if (member.email() != null && !member.email().isBlank() && receives(severity, member)) {
                byAddress.putIfAbsent(member.email().toLowerCase(Locale.ROOT), member);
            }
        }
        return List.copyOf(byAddress.values());
    }

    private static boolean receives(Severity severity, CareTeamMember member) {
        return switch (severity) {
            case CRITICAL, HIGH, INFO -> true;
            case WARNING -> member.role() != null && member.role().isClinician();
        };
    }
}
