package org.adherence.notification.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.CareTeamMember;

/**
 * Who is mailed (RULES.md, "Who is mailed"):
 * {@code CRITICAL, HIGH, INFO -> whole care team; WARNING -> clinicians}; the reminders of a CRITICAL alert go to the
 * physicians, or, where the team has none, to its other clinicians. Each address once, however often the team lists
 * it; addresses compare without case.
 */
public final class RecipientRouting {

    private RecipientRouting() {
    }

    public static List<CareTeamMember> recipientsOf(Severity severity, List<CareTeamMember> careTeam) {
        return distinct(careTeam, member -> switch (severity) {
            case CRITICAL, HIGH, INFO -> true;
            case WARNING -> member.role() != null && member.role().isClinician();
        });
    }

    /**
     * The recipients of a CRITICAL alert's reminders: its physicians; with none, its other clinicians; with no
     * clinician at all (a profile from before intake refused such teams), the whole team, so that a CRITICAL alert
     * never goes unanswered for want of a recipient.
     */
    public static List<CareTeamMember> reminderRecipientsOf(List<CareTeamMember> careTeam) {
        List<CareTeamMember> physicians = distinct(careTeam, member -> member.role() == CareTeamRole.PHYSICIAN);
        if (!physicians.isEmpty()) {
            return physicians;
        }
        List<CareTeamMember> clinicians = distinct(careTeam, member -> member.role() != null
                && member.role().isClinician());
        return clinicians.isEmpty() ? distinct(careTeam, member -> true) : clinicians;
    }

    /** An address as the service keys it. */
    public static String normalised(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static List<CareTeamMember> distinct(List<CareTeamMember> careTeam, Predicate<CareTeamMember> receives) {
        Map<String, CareTeamMember> byAddress = new LinkedHashMap<>();
        for (CareTeamMember member : careTeam) {
            if (member.email() != null && !member.email().isBlank() && receives.test(member)) {
                byAddress.putIfAbsent(normalised(member.email()), member);
            }
        }
        return List.copyOf(byAddress.values());
    }
}
