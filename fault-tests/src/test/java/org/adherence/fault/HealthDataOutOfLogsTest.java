package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.http.RawHttp;
import org.adherence.testsupport.mail.TestMailServer;
import org.adherence.testsupport.process.ServiceProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No health data in the logs (STYLE.md: "no clinical free text"; issue 13): one patient's doses, symptom reports with
 * notes and the alerts they raise go through the three services as real processes, every alert mailed and the
 * CRITICAL one acknowledged, with a few refused requests carrying the same data besides; the lines the three services
 * logged meanwhile name the patient, the events and the alerts, but no symptom code, no dose amount and no word of a
 * note. The values are distinctive (23.875 mg, notes of made-up words), so that a match can only be a leak.
 */
@ExtendWith(SecurityStack.class)
class HealthDataOutOfLogsTest {

    private static final Logger log = LoggerFactory.getLogger(HealthDataOutOfLogsTest.class);

    @Test
    void theServicesLogNoSymptomCodeDoseAmountOrNoteTextOfAPatientsEvents() throws Exception {
        FaultStack stack = SecurityStack.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String patient = "logs-" + run;
        String clinic = "logs-clinic-" + run;
        String app = TestTokens.patientApp(patient);
        Api intake = new Api(stack.intake());
        Map<ServiceProcess, Integer> logStart = new LinkedHashMap<>();
        stack.services().forEach(service -> logStart.put(service, service.logLines().size()));
        // the data no log line may hold
        List<String> doses = List.of("23.875", "22.375", "21.625");
        List<String> symptoms = List.of("BREATHLESSNESS", "HALLUCINATIONS", "CHEST_PAIN", "EAR_RINGING",
                "MUSCLE_WEAKNESS");
        List<String> notes = List.of("quillwort " + run + " behind the left knee since breakfast",
                "saw marmalade giraffes " + run + " on the ceiling", "tight chest after the zumbathon " + run);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        // given a patient of a clinic
        assertAccepted(intake.json("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(clinic),
                Patients.profile(patient)));
        // when its app posts doses above the single maximum (20 mg) three hours apart, reports with notes of
        // breathlessness and hallucinations, and a batch of a dose and a report of chest pain and ear ringing, and
        // muscle weakness after them
        String base = "/api/v1/patients/" + patient;
        assertAccepted(intake.json("POST", base + "/doses", app, dose(doses.get(0), now.minusHours(7))));
        assertAccepted(intake.json("POST", base + "/symptoms", app,
                symptoms("[\"BREATHLESSNESS\"]", now.minusHours(6), notes.get(0))));
        assertAccepted(intake.json("POST", base + "/symptoms", app,
                symptoms("[\"HALLUCINATIONS\"]", now.minusHours(5), notes.get(1))));
        assertAccepted(intake.json("POST", base + "/events:batch", app, "{\"doses\":[" + dose(doses.get(1),
                now.minusHours(4)) + "],\"symptoms\":[" + symptoms("[\"CHEST_PAIN\",\"EAR_RINGING\"]",
                now.minusHours(3), notes.get(2)) + "]}"));
        assertAccepted(intake.json("POST", base + "/doses", app, dose(doses.get(2), now.minusHours(1))));
        // and a few that are refused, holding the same data: a note too long, a drug no pack covers
        assertThat(intake.json("POST", base + "/symptoms", app, symptoms("[\"BREATHLESSNESS\",\"MUSCLE_WEAKNESS\"]",
                now.minusMinutes(5), (notes.get(0) + " ").repeat(20))).status()).isEqualTo(400);
        assertThat(intake.json("POST", base + "/doses", app, dose(doses.get(0), now.minusMinutes(5))
                .replace("baclofen", "tizanidine")).status()).isEqualTo(422);
        assertThat(intake.json("POST", base + "/symptoms", app, symptoms("[\"HALLUCINATIONS\",\"NOT_A_SYMPTOM\"]",
                now.minusMinutes(5), notes.get(1))).status()).isEqualTo(400);
        // and muscle weakness within a day of a dose above the maximum: a second CRITICAL alert
        assertAccepted(intake.json("POST", base + "/symptoms", app,
                symptoms("[\"MUSCLE_WEAKNESS\"]", now.minusMinutes(10), null)));

        // then every alert is mailed to the physician and the caregiver: three doses above the maximum (HIGH), two
        // serious side effects (HIGH), two signs of overdose (CRITICAL)
        Map<String, Integer> expected = Map.of(
                "[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patient, 3,
                "[HIGH] SERIOUS_SIDE_EFFECT - patient " + patient, 2,
                "[CRITICAL] OVERDOSE_SIGNS - patient " + patient, 2);
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            for (String recipient : List.of(Patients.physician(patient), Patients.caregiver(patient))) {
                Map<String, Integer> received = new LinkedHashMap<>();
                stack.mail().received(mail -> mail.recipient().equals(recipient))
                        .forEach(mail -> received.merge(mail.subject(), 1, Integer::sum));
                assertThat(received).as("emails to " + recipient + "\n" + stack.logs()).isEqualTo(expected);
            }
        });
        // with the data in them: the amounts reached the emails (so the logs could have had them)
        List<TestMailServer.Mail> toPhysician = stack.mail().received(mail ->
                mail.recipient().equals(Patients.physician(patient)));
        assertThat(toPhysician).anySatisfy(mail -> assertThat(mail.text()).contains(doses.get(0) + " mg"));
        // and the physician acknowledges a CRITICAL alert through the link of its email
        Matcher link = toPhysician.stream().map(TestMailServer.Mail::text).map(Api.ACK_LINK::matcher)
                .filter(Matcher::find).findFirst().orElseThrow(() -> new AssertionError("no acknowledgement link"));
        Api notification = new Api(stack.notifications().get(0));
        // (the link counts once the email's send result is read back, a moment after the mail server has it: until
        // then the page answers 403, and the press is tried again)
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            RawHttp.Answer pressed = notification.send("POST", "/api/v1/alerts/" + link.group(1) + "/ack",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    ("token=" + link.group(2)).getBytes(StandardCharsets.UTF_8));
            assertThat(pressed.status()).as(Api.describe(pressed)).isIn(200, 202);
        });
        // once every email's line is written
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                linesSince(logStart, stack.notifications().get(0)).stream()
                        .filter(line -> line.contains("Mailed ") && line.contains(patient))).hasSize(14));

        // and none of the lines the services logged meanwhile holds any of it
        List<String> forbidden = new ArrayList<>(symptoms);
        forbidden.addAll(doses);
        forbidden.addAll(notes);
        // and each made-up word of them alone, as a note cut short would show it
        forbidden.addAll(List.of("quillwort", "marmalade", "giraffes", "zumbathon"));
        int lines = 0;
        List<String> leaks = new ArrayList<>();
        for (ServiceProcess service : stack.services()) {
            List<String> logged = linesSince(logStart, service);
            lines += logged.size();
            for (String line : logged) {
                forbidden.stream().filter(line::contains).forEach(value -> leaks.add(service.name() + " logged '"
                        + value + "': " + line));
            }
        }
        log.info("{} log lines of the three services checked for {} values of patient {}", lines, forbidden.size(),
                patient);
        assertThat(leaks).as("health data in the logs").isEmpty();
        // and the logs are not silent about the patient: they name it, its events and its alerts
        for (ServiceProcess service : stack.services()) {
            assertThat(linesSince(logStart, service)).as("lines of " + service.name() + " naming the patient")
                    .anyMatch(line -> line.contains(patient));
        }
    }

    private static List<String> linesSince(Map<ServiceProcess, Integer> start, ServiceProcess service) {
        List<String> all = service.logLines();
        return all.subList(Math.min(start.getOrDefault(service, 0), all.size()), all.size());
    }

    private static void assertAccepted(RawHttp.Answer answer) {
        assertThat(answer.status()).as(Api.describe(answer)).isEqualTo(202);
    }

    private static String dose(String mg, OffsetDateTime takenAt) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":" + mg
                + ",\"takenAt\":\"" + takenAt + "\"}";
    }

    private static String symptoms(String codes, OffsetDateTime observedAt, String note) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":" + codes + ",\"observedAt\":\"" + observedAt
                + "\"" + (note == null ? "" : ",\"note\":\"" + note + "\"") + "}";
    }
}
