package org.adherence.notification.email;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.email.EmailModel.Section;
import org.springframework.web.util.UriUtils;

/**
 * What each email says (CONTRACT.md, "Alert emails"): an alert's own (subject {@code [<SEVERITY>] <RULE> - patient
 * <patientId>}, with {@code  (reminder <n>)} for the reminders of a CRITICAL alert), a group of one patient's WARNING
 * alerts ({@code [WARNING] <n> alerts: <RULE>, <RULE> - patient <patientId>}, each rule once in the order raised; a
 * group of one is the alert's own email), and a daily digest ({@code [INFO] DAILY_DIGEST - patient <patientId>}).
 * Each gives the summary, the guidance, the evidence that is present and the alert's details, every time in the
 * patient's time zone.
 * <p>
 * Redacted ({@code adherence.notification.redact-clinical-details}), an email carries only the facts of its subject
 * line and links: no summary, guidance, evidence or symptoms.
 */
public final class EmailContent {

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV', 'xxx')'");

    private final boolean redacted;

    private final URI publicUrl;

    /** Full emails, without links to the delivery log. */
    public EmailContent() {
        this(false, null);
    }

    /**
     * @param redacted  whether emails leave out all clinical text
     * @param publicUrl base of the links to this service; the delivery-log link of redacted emails needs it
     */
    public EmailContent(boolean redacted, URI publicUrl) {
        this.redacted = redacted;
        this.publicUrl = publicUrl;
    }

    /**
     * An alert's own email, or its reminder.
     *
     * @param reminder the reminder number, 0 for the alert's own email
     * @param ackLink  the recipient's acknowledgement link (a clinician's CRITICAL email), or null
     */
    public EmailModel alert(AlertRaised alert, ZoneId zone, int reminder, URI ackLink) {
        String subject = subjectOf(alert) + (reminder > 0 ? " (reminder " + reminder + ")" : "");
        List<Section> sections = new ArrayList<>();
        if (reminder > 0) {
            sections.add(Section.paragraph("Reminder", "This CRITICAL alert has not been acknowledged yet. "
                    + "This is reminder " + reminder + "; reminders stop once someone acknowledges it."));
        }
        if (redacted) {
            sections.add(redactionNotice());
        }
        else {
            sections.addAll(clinicalSections(alert, zone));
        }
        if (ackLink != null) {
            sections.add(Section.link("Acknowledge",
                    "Open this link and press the button to acknowledge the alert and stop the reminders:", ackLink));
        }
        sections.add(detailsOf(alert, zone));
        return new EmailModel(subject, sections);
    }

    /** One email for a group of one patient's WARNING alerts, each in full, in the order raised. */
    public EmailModel group(List<AlertRaised> alerts, ZoneId zone) {
        if (alerts.size() == 1) {
            return alert(alerts.get(0), zone, 0, null);
        }
        List<AlertRaised> inOrder = oldestFirst(alerts);
        String patientId = inOrder.get(0).patientId();
        String subject = groupSubjectOf(inOrder);
        List<Section> sections = new ArrayList<>();
        sections.add(Section.paragraph("Grouped alerts", alerts.size() + " WARNING alerts for patient " + patientId
                + ", each below in full, in the order raised."));
        if (redacted) {
            sections.add(redactionNotice());
        }
        inOrder.forEach(alert -> sections.add(Section.list(alert.rule().name(), entryOf(alert, zone, true))));
        return new EmailModel(subject, sections);
    }

    /** One email listing the patient's INFO alerts of one local day, oldest first. */
    public EmailModel digest(String patientId, LocalDate day, ZoneId zone, List<AlertRaised> alerts) {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.paragraph("Daily digest", alerts.size() + " INFO alert(s) for patient " + patientId
                + " on " + day + " (" + zone.getId() + "). None of them needs action at once."));
        if (redacted) {
            sections.add(redactionNotice());
        }
        oldestFirst(alerts).forEach(alert -> sections.add(Section.list(alert.rule().name(),
                entryOf(alert, zone, false))));
        return new EmailModel(digestSubjectOf(patientId), sections);
    }

    public static String subjectOf(AlertRaised alert) {
        return "[" + alert.severity() + "] " + alert.rule() + " - patient " + alert.patientId();
    }

    /** {@code [WARNING] <n> alerts: <RULE>, <RULE> - patient <id>}: each rule once, in the order raised. */
    public static String groupSubjectOf(List<AlertRaised> alerts) {
        if (alerts.size() == 1) {
            return subjectOf(alerts.get(0));
        }
        List<AlertRaised> inOrder = oldestFirst(alerts);
        Set<RuleId> rules = new LinkedHashSet<>();
        inOrder.forEach(alert -> rules.add(alert.rule()));
        return "[WARNING] " + alerts.size() + " alerts: "
                + rules.stream().map(RuleId::name).collect(Collectors.joining(", "))
                + " - patient " + inOrder.get(0).patientId();
    }

    public static String digestSubjectOf(String patientId) {
        return "[INFO] DAILY_DIGEST - patient " + patientId;
    }

    /** The delivery-log page of an alert (or their common base), under the service's public URL. */
    public static URI alertPage(URI publicUrl, String alertId) {
        String base = publicUrl.toString().replaceAll("/+$", "") + "/api/v1/alerts/";
        return URI.create(alertId == null ? base : base + UriUtils.encodePathSegment(alertId, "UTF-8"));
    }

    /** In the order raised; alerts raised at the same instant in the order they came (a stable sort). */
    private static List<AlertRaised> oldestFirst(List<AlertRaised> alerts) {
        return alerts.stream()
                .sorted(Comparator.comparing(AlertRaised::raisedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private List<String> entryOf(AlertRaised alert, ZoneId zone, boolean withPack) {
        List<String> lines = new ArrayList<>();
        if (alert.raisedAt() != null) {
            lines.add("Raised: " + inZone(alert.raisedAt(), zone));
        }
        if (!redacted) {
            if (present(alert.summary())) {
                lines.add("Summary: " + alert.summary());
            }
            if (present(alert.guidance())) {
                lines.add("Guidance: " + alert.guidance());
            }
            evidenceLines(alert.evidence(), zone).forEach(line -> lines.add("Evidence: " + line));
        }
        if (withPack && present(alert.rulePack())) {
            lines.add("Rule pack: " + alert.rulePack());
        }
        lines.add("Alert id: " + alert.alertId());
        if (redacted && publicUrl != null) {
            lines.add("Delivery log: " + alertPage(publicUrl, alert.alertId()));
        }
        return lines;
    }

    private Section redactionNotice() {
        String notice = "Clinical details are not sent by email in this deployment. They are in the delivery log "
                + "of each alert, for signed-in care-team members";
        return publicUrl == null ? Section.paragraph("Details withheld", notice + ".")
                : Section.link("Details withheld", notice + ":", alertPage(publicUrl, null));
    }

    private static List<Section> clinicalSections(AlertRaised alert, ZoneId zone) {
        List<Section> sections = new ArrayList<>();
        if (present(alert.summary())) {
            sections.add(Section.paragraph("Summary", alert.summary()));
        }
        if (present(alert.guidance())) {
            sections.add(Section.paragraph("Guidance", alert.guidance()));
        }
        List<String> evidence = evidenceLines(alert.evidence(), zone);
        if (!evidence.isEmpty()) {
            sections.add(Section.list("Evidence", evidence));
        }
        return sections;
    }

    private Section detailsOf(AlertRaised alert, ZoneId zone) {
        List<String> details = new ArrayList<>();
        details.add("Patient: " + alert.patientId());
        if (alert.raisedAt() != null) {
            details.add("Raised: " + inZone(alert.raisedAt(), zone));
        }
        if (present(alert.rulePack())) {
            details.add("Rule pack: " + alert.rulePack());
        }
        details.add("Alert id: " + alert.alertId());
        if (redacted && publicUrl != null) {
            details.add("Delivery log: " + alertPage(publicUrl, alert.alertId()));
        }
        return Section.list("Details", details);
    }

    private static List<String> evidenceLines(AlertEvidence evidence, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        if (evidence == null) {
            return lines;
        }
        if (!evidence.eventIds().isEmpty()) {
            lines.add("Events: " + String.join(", ", evidence.eventIds()));
        }
        if (evidence.totalMg() != null) {
            lines.add("Total: " + milligrams(evidence.totalMg()));
        }
        if (evidence.limitMg() != null) {
            lines.add("Limit: " + milligrams(evidence.limitMg()));
        }
        if (evidence.windowStart() != null) {
            lines.add("Window start: " + inZone(evidence.windowStart(), zone));
        }
        if (evidence.windowEnd() != null) {
            lines.add("Window end: " + inZone(evidence.windowEnd(), zone));
        }
        if (!evidence.symptoms().isEmpty()) {
            lines.add("Symptoms: "
                    + evidence.symptoms().stream().map(Symptom::name).collect(Collectors.joining(", ")));
        }
        return lines;
    }

    private static String milligrams(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString() + " mg";
    }

    private static String inZone(OffsetDateTime time, ZoneId zone) {
        return format(time.atZoneSameInstant(zone));
    }

    private static String inZone(Instant time, ZoneId zone) {
        return format(time.atZone(zone));
    }

    private static String format(TemporalAccessor zoned) {
        return LOCAL_TIME.format(zoned);
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
