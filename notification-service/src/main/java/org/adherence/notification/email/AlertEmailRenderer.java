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
import java.util.List;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;

import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * Writes the emails: an alert's own (subject {@code [<SEVERITY>] <RULE> - patient <patientId>}, with
 * {@code  (reminder <n>)} for the reminders of a CRITICAL alert) and a patient's daily digest (subject
 * {@code [INFO] DAILY_DIGEST - patient <patientId>}). Each has a plain-text and an HTML body with the summary, the
 * guidance, the evidence that is present and the alert's details, every time in the patient's time zone; the HTML
 * escapes everything it is given.
 * <p>
 * Redacted ({@code adherence.notification.redact-clinical-details}), an email carries only the facts of its subject
 * line and links: no summary, guidance, evidence or symptoms.
 */
public final class AlertEmailRenderer {

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV', 'xxx')'");

    private final boolean redacted;
    private final URI publicUrl;

    /** Full emails, without links to the delivery log. */
    public AlertEmailRenderer() {
        this(false, null);
    }

    /**
     * @param redacted  whether emails leave out all clinical text
     * @param publicUrl base of the links to this service; the delivery-log link of redacted emails needs it
     */
    public AlertEmailRenderer(boolean redacted, URI publicUrl) {
        this.redacted = redacted;
        this.publicUrl = publicUrl;
    }

    public AlertEmail render(AlertRaised alert, ZoneId patientZone) {
        return render(alert, patientZone, 0, null);
    }

    /**
     * @param reminder the reminder number, 0 for the alert's own email
     * @param ackLink  the recipient's acknowledgement link (CRITICAL alerts), or null
     */
    public AlertEmail render(AlertRaised alert, ZoneId patientZone, int reminder, URI ackLink) {
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
            sections.addAll(clinicalSections(alert, patientZone));
        }
        if (ackLink != null) {
            sections.add(Section.link("Acknowledge",
                    "Open this link and press the button to acknowledge the alert and stop the reminders:", ackLink));
        }
        sections.add(detailsOf(alert, patientZone));
        return new AlertEmail(subject, text(subject, sections), html(subject, sections));
    }

    /** One email listing the patient's INFO alerts of one local day, oldest first. */
    public AlertEmail renderDigest(String patientId, LocalDate day, ZoneId patientZone, List<AlertRaised> alerts) {
        String subject = digestSubjectOf(patientId);
        List<Section> sections = new ArrayList<>();
        sections.add(Section.paragraph("Daily digest", alerts.size() + " INFO alert(s) for patient " + patientId
                + " on " + day + " (" + patientZone.getId() + "). None of them needs action at once."));
        if (redacted) {
            sections.add(redactionNotice());
        }
        List<AlertRaised> oldestFirst = alerts.stream()
                .sorted(Comparator.comparing(AlertRaised::raisedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(AlertRaised::alertId))
                .toList();
        for (AlertRaised alert : oldestFirst) {
            List<String> lines = new ArrayList<>();
            if (alert.raisedAt() != null) {
                lines.add("Raised: " + inZone(alert.raisedAt(), patientZone));
            }
            if (!redacted) {
                if (present(alert.summary())) {
                    lines.add("Summary: " + alert.summary());
                }
                if (present(alert.guidance())) {
                    lines.add("Guidance: " + alert.guidance());
                }
                evidenceLines(alert.evidence(), patientZone).forEach(line -> lines.add("Evidence: " + line));
            }
            lines.add("Alert id: " + alert.alertId());
            sections.add(Section.list(alert.rule().name(), lines));
        }
        return new AlertEmail(subject, text(subject, sections), html(subject, sections));
    }

    public static String subjectOf(AlertRaised alert) {
        return "[" + alert.severity() + "] " + alert.rule() + " - patient " + alert.patientId();
    }

    public static String digestSubjectOf(String patientId) {
        return "[INFO] DAILY_DIGEST - patient " + patientId;
    }

    private Section redactionNotice() {
        String notice = "Clinical details are not sent by email in this deployment. They are in the delivery log "
                + "of each alert, for signed-in care-team members";
        return publicUrl == null ? Section.paragraph("Details withheld", notice + ".")
                : Section.link("Details withheld", notice + ":", alertPage(publicUrl, null));
    }

    /** The delivery-log page of an alert (or their common base), under the service's public URL. */
    public static URI alertPage(URI publicUrl, String alertId) {
        String base = publicUrl.toString().replaceAll("/+$", "") + "/api/v1/alerts/";
        return URI.create(alertId == null ? base : base + UriUtils.encodePathSegment(alertId, "UTF-8"));
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

    private static String text(String subject, List<Section> sections) {
        StringBuilder text = new StringBuilder(subject).append('\n');
        for (Section section : sections) {
            text.append('\n').append(section.title()).append('\n');
            for (String line : section.lines()) {
                text.append(section.list() ? "- " : "").append(line).append('\n');
            }
            if (section.link() != null) {
                text.append(section.link()).append('\n');
            }
        }
        return text.toString();
    }

    private static String html(String subject, List<Section> sections) {
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>").append(escape(subject))
                .append("</title></head>\n<body>\n<h1>").append(escape(subject)).append("</h1>\n");
        for (Section section : sections) {
            html.append("<h2>").append(escape(section.title())).append("</h2>\n");
            if (section.list()) {
                html.append("<ul>\n");
                section.lines().forEach(line -> html.append("<li>").append(escape(line)).append("</li>\n"));
                html.append("</ul>\n");
            }
            else {
                section.lines().forEach(line -> html.append("<p>").append(escape(line)).append("</p>\n"));
            }
            if (section.link() != null) {
                String href = escape(section.link().toString());
                html.append("<p><a href=\"").append(href).append("\">").append(href).append("</a></p>\n");
            }
        }
        return html.append("</body></html>\n").toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private record Section(String title, List<String> lines, boolean list, URI link) {

        static Section paragraph(String title, String text) {
            return new Section(title, List.of(text), false, null);
        }

        static Section list(String title, List<String> lines) {
            return new Section(title, List.copyOf(lines), true, null);
        }

        static Section link(String title, String text, URI link) {
            return new Section(title, List.of(text), false, link);
        }
    }
}
