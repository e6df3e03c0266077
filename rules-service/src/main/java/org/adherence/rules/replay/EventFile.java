package org.adherence.rules.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.Prescription;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.contracts.json.ContractJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A file of events for the replay, one JSON object a line, each the contract's shape of a DoseTaken, a
 * SymptomReport or a PatientProfile with two fields more: {@code "type"} ({@code dose}, {@code symptoms} or
 * {@code profile}) and {@code "patientId"}. A profile may say {@code "at"}, the time it became known; without it, it
 * holds from the start. Blank lines and lines starting with {@code #} are skipped.
 */
final class EventFile {

    /** One line: the time it takes effect (null: before everything), and what it is. */
    record Line(int number, String patientId, Instant time, Object event) {
    }

    /** A line that is not one of the three shapes; says which line and why. */
    static final class BadLine extends Exception {

        BadLine(int number, String reason) {
            super("line " + number + ": " + reason);
        }
    }

    private record DoseLine(String patientId, String eventId, String drug, BigDecimal doseMg,
                            OffsetDateTime takenAt) {
    }

    private record SymptomLine(String patientId, String eventId, List<Symptom> symptoms, OffsetDateTime observedAt,
                               String note) {
    }

    private record ProfileLine(String patientId, Instant at, LocalDate birthDate, ZoneId timeZone,
                               List<CareTeamMember> careTeam, List<Prescription> prescriptions,
                               Set<Condition> conditions, Set<CoMedication> coMedications) {
    }

    private EventFile() {
    }

    static List<Line> read(BufferedReader reader) throws IOException, BadLine {
        List<Line> lines = new ArrayList<>();
        String text;
        int number = 0;
        while ((text = reader.readLine()) != null) {
            number++;
            if (text.isBlank() || text.strip().startsWith("#")) {
                continue;
            }
            lines.add(parse(number, text));
        }
        return lines;
    }

    private static Line parse(int number, String text) throws BadLine {
        JsonNode node;
        try {
            node = ContractJson.mapper().readTree(text);
        }
        catch (JacksonException e) {
            throw new BadLine(number, "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadLine(number, "not a JSON object");
        }
        String type = node.path("type").asString("");
        try {
            return switch (type) {
                case "dose" -> dose(number, ContractJson.mapper().treeToValue(node, DoseLine.class));
                case "symptoms" -> symptoms(number, ContractJson.mapper().treeToValue(node, SymptomLine.class));
                case "profile" -> profile(number, ContractJson.mapper().treeToValue(node, ProfileLine.class));
                default -> throw new BadLine(number, "\"type\" must be \"dose\", \"symptoms\" or \"profile\", not \""
                        + type + "\"");
            };
        }
        catch (JacksonException e) {
            throw new BadLine(number, "not a valid " + type + " (" + e.getOriginalMessage() + ")");
        }
    }

    private static Line dose(int number, DoseLine dose) throws BadLine {
        require(number, "a dose", dose.patientId(), "patientId");
        require(number, "a dose", dose.eventId(), "eventId");
        require(number, "a dose", dose.drug(), "drug");
        require(number, "a dose", dose.doseMg(), "doseMg");
        require(number, "a dose", dose.takenAt(), "takenAt");
        return new Line(number, dose.patientId(), dose.takenAt().toInstant(), DoseTaken.of(dose.eventId(),
                dose.patientId(), dose.drug().strip().toLowerCase(Locale.ROOT), dose.doseMg(), dose.takenAt(), null));
    }

    private static Line symptoms(int number, SymptomLine report) throws BadLine {
        require(number, "a symptom report", report.patientId(), "patientId");
        require(number, "a symptom report", report.eventId(), "eventId");
        require(number, "a symptom report", report.symptoms(), "symptoms");
        require(number, "a symptom report", report.observedAt(), "observedAt");
        return new Line(number, report.patientId(), report.observedAt().toInstant(), SymptomsReported.of(
                report.eventId(), report.patientId(), report.symptoms(), report.observedAt(), report.note(), null));
    }

    private static Line profile(int number, ProfileLine profile) throws BadLine {
        require(number, "a profile", profile.patientId(), "patientId");
        require(number, "a profile", profile.timeZone(), "timeZone");
        return new Line(number, profile.patientId(), profile.at(), PatientProfileUpdated.of(profile.patientId(),
                profile.birthDate(), profile.timeZone(), profile.careTeam(), profile.prescriptions(),
                profile.conditions(), profile.coMedications(), profile.at()));
    }

    private static void require(int number, String what, Object value, String field) throws BadLine {
        if (value == null) {
            throw new BadLine(number, what + " needs \"" + field + "\"");
        }
    }
}
