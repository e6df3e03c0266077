package org.adherence.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.adherence.console.ConsoleProperties;
import org.adherence.console.patients.DailyDoses;
import org.adherence.console.patients.DoseChart;
import org.adherence.console.patients.PatientRecord;
import org.adherence.console.patients.QuietPatients;
import org.adherence.console.patients.RecordClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * A patient's page (the last 30 days of doses on a chart against the limits, symptom reports and alerts on the same
 * time axis, the profile) and the quiet patients (an active prescription and nothing for a while: an app that stopped
 * syncing must not look like an adherent patient). Both read rules-service's own state with the user's token.
 */
@Controller
class PatientController {

    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static final int DAYS = 30;

    /** The silences the quiet patients' page offers (rules-service takes PT1H to P30D). */
    static final List<Duration> SILENCES = List.of(Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24),
            Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14));

    private final RecordClient records;

    private final ConsoleProperties properties;

    PatientController(RecordClient records, ConsoleProperties properties) {
        this.records = records;
        this.properties = properties;
    }

    @GetMapping("/patients/{patientId}")
    String patient(@PathVariable String patientId, Model model) {
        if (!PATIENT_ID.matcher(patientId).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such patient");
        }
        // a day more than shown: the first day shown starts at the patient's midnight, whole, whatever the zone
        PatientRecord record = records.record(patientId, DAYS + 1)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such patient"));
        ZoneId zone = record.timeZone() == null ? ZoneId.of("UTC") : record.timeZone();
        Instant to = record.to() == null ? Instant.now() : record.to();
        Instant from = LocalDate.ofInstant(to, zone).minusDays(DAYS - 1).atStartOfDay(zone).toInstant();
        List<DailyDoses.Day> days = DailyDoses.of(record, zone, from, to);
        model.addAttribute("record", record);
        model.addAttribute("zone", zone);
        model.addAttribute("span", DAYS);
        List<DailyDoses.Day> newestFirst = new ArrayList<>(days);
        Collections.reverse(newestFirst);
        model.addAttribute("days", newestFirst);
        model.addAttribute("daysAboveMax", days.stream().filter(DailyDoses.Day::aboveDailyMax).toList());
        model.addAttribute("chart", DoseChart.draw(record, days, zone, from, to).orElse(null));
        model.addAttribute("symptoms", record.symptoms().stream()
                .filter(report -> report.observedAt() != null && !report.observedAt().toInstant().isBefore(from))
                .sorted(Comparator.comparing(PatientRecord.SymptomReport::observedAt).reversed()).toList());
        model.addAttribute("findings", record.findings().stream()
                .filter(finding -> finding.at() != null && !finding.at().isBefore(from))
                .sorted(Comparator.comparing(PatientRecord.Finding::at).reversed()).toList());
        model.addAttribute("dailyMax", DailyDoses.DAILY_MAX_MG);
        model.addAttribute("singleMax", DailyDoses.SINGLE_DOSE_MAX_MG);
        return "patient";
    }

    @GetMapping("/quiet")
    String quiet(@RequestParam(required = false) String silentFor, Model model) {
        Duration silence = properties.quietAfter();
        if (silentFor != null) {
            silence = SILENCES.stream().filter(s -> s.toString().equals(silentFor)).findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown silence"));
        }
        QuietPatients quiet = records.quiet(silence);
        model.addAttribute("quiet", quiet);
        model.addAttribute("silence", silence);
        model.addAttribute("silences", SILENCES.contains(silence) ? SILENCES
                : Stream.concat(SILENCES.stream(), Stream.of(silence)).sorted().toList());
        model.addAttribute("now", Instant.now());
        return "quiet";
    }
}
