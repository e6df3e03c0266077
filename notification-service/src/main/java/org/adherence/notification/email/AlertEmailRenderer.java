package org.adherence.notification.email;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;

import org.springframework.web.util.HtmlUtils;

/**
 * Writes the email of one alert: subject {@code [<SEVERITY>] <RULE> - patient <patientId>}, and a plain-text and
 * an HTML body with the summary, the guidance, the evidence that is present and the alert's details, every time
 * in the patient's time zone.
 */
public final class AlertEmailRenderer {

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm '('VV', 'xxx')'");

    public AlertEmail render(AlertRaised alert, ZoneId patientZone) {
        String subject = subjectOf(alert);
        List<Section> sections = sectionsOf(alert, patientZone);
        return new AlertEmail(subject, text(subject, sections), html(subject, sections));
    }

    public static String subjectOf(AlertRaised alert) {
        return "[" + alert.severity() + "] " + alert.rule() + " - patient " + alert.patientId();
    }

    private static List<Section> sectionsOf(AlertRaised alert, ZoneId zone) {
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
        List<String> details = new ArrayList<>();
        details.add("Patient: " + alert.patientId());
        if (alert.raisedAt() != null) {
            details.add("Raised: " + inZone(alert.raisedAt(), zone));
        }
        if (present(alert.rulePack())) {
            details.add("Rule pack: " + alert.rulePack());
        }
        details.add("Alert id: " + alert.alertId());
        sections.add(Section.list("Details", details));
        return sections;
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
        }
        return html.append("</body></html>\n").toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private record Section(String title, List<String> lines, boolean list) {

        static Section paragraph(String title, String text) {
            return new Section(title, List.of(text), false);
        }

        static Section list(String title, List<String> lines) {
            return new Section(title, List.copyOf(lines), true);
        }
    }
}
