package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.adherence.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The care console in a real browser against the running platform: a physician of the dev clinic signs in with the
 * dev identity provider, finds the CRITICAL alert a symptom report raised at the top of the inbox (above a newer HIGH
 * one), reads its delivery log and acknowledges it with a reason; the reminders stop and the delivery log says who.
 * A caregiver of the same clinic sees the alert but cannot acknowledge it; a physician of another clinic sees none of
 * it. A patient's page shows the day above 80 mg marked on the chart of rules-service's own state, and a patient with
 * a prescription and no event is on the quiet patients' page.
 */
@ExtendWith(Platform.Extension.class)
class CareConsoleE2ETest {

    /** The dev identity provider's clinic and its physician (dev-identity-provider/README.md). */
    private static final String DEV_CLINIC = "dev-clinic";

    private static final String PHYSICIAN = "neuro@clinic.example";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Platform platform = Platform.get();

    @Test
    void aPhysicianAcknowledgesTheCriticalAlertAtTheTopOfTheInboxAndNobodyElseCan() throws Exception {
        String patient = "p-console-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(platform.send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(DEV_CLINIC), """
                {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": [{"drug": "baclofen", "doseMg": 10, "timesPerDay": 3, "startDate": "2026-11-01"}],
                 "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/symptoms", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"BREATHLESSNESS\"],\"observedAt\":\""
                        + OffsetDateTime.now().minusMinutes(20) + "\"}").statusCode()).isEqualTo(202);
        String critical = "[CRITICAL] OVERDOSE_SIGNS - patient " + patient;
        assertThat(platform.mailsAbout(patient, 2, Duration.ofSeconds(60)).stream().map(Platform::subject))
                .as("services' logs:\n%s", platform.logs()).contains(critical);
        // a newer alert of lower severity: the CRITICAL one must still come first
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\""
                        + OffsetDateTime.now().minusMinutes(1) + "\"}").statusCode()).isEqualTo(202);
        platform.mailsAbout(patient, 3, Duration.ofSeconds(60));

        String alertId;
        try (Browser physician = Browser.open()) {
            physician.go(platform.consoleUrl() + "/");
            physician.signIn("physician", Platform.USER_PASSWORD);
            physician.await(By.cssSelector("table.alerts"));
            List<WebElement> rows = physician.all(By.cssSelector("tr[data-alert-row]"));
            assertThat(rows).as(physician.text()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(rows.get(0).getText()).contains("CRITICAL", patient, "OVERDOSE_SIGNS");
            assertThat(physician.text()).contains("SINGLE_DOSE_ABOVE_MAX");
            // times in the patient's zone
            assertThat(rows.get(0).getText()).contains("Europe/Berlin");
            physician.screenshot("console-inbox");

            rows.get(0).findElement(By.cssSelector("a[data-alert-link]")).click();
            physician.await(By.id("acknowledge"));
            alertId = physician.driver().getCurrentUrl().replaceAll(".*/alerts/", "");
            assertThat(physician.text()).contains("Delivery log", PHYSICIAN, "sam@family.example",
                    "Nobody has acknowledged this alert yet");
            physician.driver().findElement(By.id("reason")).sendKeys("Called the patient; ambulance sent.");
            physician.screenshot("console-alert");
            physician.driver().findElement(By.id("acknowledge")).click();
            WebElement acknowledged = physician.await(By.cssSelector("[data-acknowledged]"));
            assertThat(acknowledged.getText()).contains("Acknowledged by " + PHYSICIAN, "in the console",
                    "ambulance sent");
            Instant pressedAt = Instant.now();

            // reminders stop (one being sent at the moment of the press may still go out)
            int remindersAtPress = remindersOf(patient);
            assertThat(remindersAtPress).as("reminders of the CRITICAL alert before the acknowledgement").isPositive();
            Thread.sleep(Platform.CRITICAL_REPEAT.multipliedBy(3).toMillis());
            assertThat(remindersOf(patient)).as("reminders after the acknowledgement at %s", pressedAt)
                    .isLessThanOrEqualTo(remindersAtPress + 1);

            // the CRITICAL alert has left the inbox; the HIGH one is still there
            physician.go(platform.consoleUrl() + "/");
            physician.await(By.tagName("h1"));
            assertThat(physician.all(By.cssSelector("tr[data-alert-row]"))).extracting(WebElement::getText)
                    .noneMatch(row -> row.contains(patient) && row.contains("OVERDOSE_SIGNS"))
                    .anyMatch(row -> row.contains(patient) && row.contains("SINGLE_DOSE_ABOVE_MAX"));
        }

        // the delivery log, through the contract's API, says who acknowledged it
        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(platform.notificationUrl()
                        + "/api/v1/alerts/" + alertId)).header("Authorization", "Bearer " + TestTokens.careTeam(DEV_CLINIC))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("\"acknowledgedBy\":\"" + PHYSICIAN + "\"");

        try (Browser caregiver = Browser.open()) {
            caregiver.go(platform.consoleUrl() + "/alerts/" + alertId);
            caregiver.signIn("caregiver", Platform.USER_PASSWORD);
            caregiver.await(By.id("log"));
            assertThat(caregiver.all(By.id("acknowledge"))).isEmpty();
            // the HIGH alert: not acknowledged, and still no button for a caregiver
            caregiver.go(platform.consoleUrl() + "/");
            caregiver.await(By.cssSelector("table.alerts"));
            caregiver.all(By.cssSelector("tr[data-alert-row]")).stream()
                    .filter(row -> row.getText().contains(patient) && row.getText().contains("SINGLE_DOSE_ABOVE_MAX"))
                    .findFirst().orElseThrow(() -> new AssertionError("no HIGH alert of " + patient + " in the inbox:\n"
                            + caregiver.text()))
                    .findElement(By.cssSelector("a[data-alert-link]")).click();
            caregiver.await(By.id("cannot-acknowledge"));
            assertThat(caregiver.all(By.id("acknowledge"))).isEmpty();
            String highAlert = caregiver.driver().getCurrentUrl().replaceAll(".*/alerts/", "");
            caregiver.postWithPageToken("/alerts/" + highAlert + "/acknowledgement");
            caregiver.await(By.tagName("h1"));
            assertThat(caregiver.text()).contains("Not allowed");
            caregiver.go(platform.consoleUrl() + "/alerts/" + highAlert);
            caregiver.await(By.id("cannot-acknowledge"));
            assertThat(caregiver.text()).contains("Nobody has acknowledged this alert yet");
        }

        try (Browser stranger = Browser.open()) {
            stranger.go(platform.consoleUrl() + "/");
            stranger.signIn("other-physician", Platform.USER_PASSWORD);
            stranger.await(By.tagName("h1"));
            assertThat(stranger.text()).contains("dev-clinic-2").doesNotContain(patient);
            stranger.go(platform.consoleUrl() + "/alerts/" + alertId);
            stranger.await(By.tagName("h1"));
            assertThat(stranger.text()).contains("Not found").doesNotContain(patient);
        }
    }

    @Test
    void aClinicianSeesTheDayAbove80MgOnThePatientsChartAndThePatientWhoWentQuiet() throws Exception {
        String patient = "p-chart-" + UUID.randomUUID().toString().substring(0, 8);
        String silent = "p-silent-" + UUID.randomUUID().toString().substring(0, 8);
        for (String id : List.of(patient, silent)) {
            assertThat(platform.send("PUT", "/api/v1/patients/" + id, TestTokens.careTeam(DEV_CLINIC), """
                    {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                     "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"}],
                     "prescriptions": [{"drug": "baclofen", "doseMg": 10, "timesPerDay": 3, "startDate": "2026-11-01"}],
                     "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        }
        // yesterday in Berlin: 20 mg at 08:00, 12:00, 16:00 and 20:00, and 25 mg at 22:00 (105 mg)
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate yesterday = LocalDate.now(berlin).minusDays(1);
        for (int[] dose : new int[][] {{8, 20}, {12, 20}, {16, 20}, {20, 20}, {22, 25}}) {
            OffsetDateTime at = yesterday.atTime(dose[0], 0).atZone(berlin).toOffsetDateTime();
            assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                    "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":" + dose[1]
                            + ",\"takenAt\":\"" + at + "\"}").statusCode()).isEqualTo(202);
        }
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/symptoms", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"DROWSINESS\"],\"observedAt\":\""
                        + yesterday.atTime(22, 30).atZone(berlin).toOffsetDateTime() + "\"}").statusCode())
                .isEqualTo(202);

        try (Browser physician = Browser.open()) {
            physician.go(platform.consoleUrl() + "/");
            physician.signIn("physician", Platform.USER_PASSWORD);
            physician.await(By.tagName("h1"));
            // rules-service takes the events in a moment: the page shows what its state holds when asked
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                physician.go(platform.consoleUrl() + "/patients/" + patient);
                physician.await(By.tagName("h1"));
            } while (physician.all(By.id("over-limit")).isEmpty() && System.nanoTime() < deadline
                    && sleep(Duration.ofSeconds(2)));
            assertThat(physician.all(By.id("over-limit"))).as(physician.text()).hasSize(1);
            assertThat(physician.driver().findElement(By.id("over-limit")).getText())
                    .contains(yesterday.toString(), "105 mg");
            // on the chart: the bar of that day, and only it, is marked above the daily maximum
            WebElement chart = physician.await(By.id("dose-chart"));
            assertThat(physician.script("return arguments[0].naturalWidth", chart))
                    .isEqualTo(960L);
            List<WebElement> marked = physician.all(By.cssSelector("#dose-chart-map area[data-above-daily-max=true]"));
            assertThat(marked).hasSize(1);
            assertThat(marked.get(0).getAttribute("alt")).startsWith(yesterday + ": 105 mg in 5 doses")
                    .contains("above the 80 mg daily maximum", "1 above the 20 mg single-dose maximum");
            assertThat(physician.text()).contains("SINGLE_DOSE_ABOVE_MAX", "DAILY_MAX_EXCEEDED", "DROWSINESS",
                    "Dr. Rivera", "Europe/Berlin");
            physician.screenshot("console-patient");

            physician.go(platform.consoleUrl() + "/quiet");
            physician.await(By.tagName("h1"));
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!physician.text().contains(silent) && System.nanoTime() < deadline && sleep(Duration.ofSeconds(2))) {
                physician.go(platform.consoleUrl() + "/quiet");
                physician.await(By.tagName("h1"));
            }
            List<WebElement> quiet = physician.all(By.cssSelector("tr[data-quiet-row]"));
            assertThat(quiet).extracting(WebElement::getText).anySatisfy(row -> assertThat(row)
                    .contains(silent, "nothing held", "baclofen 10 mg"));
            assertThat(quiet).extracting(WebElement::getText).noneSatisfy(row -> assertThat(row).contains(patient));
            physician.screenshot("console-quiet");
        }

        try (Browser stranger = Browser.open()) {
            stranger.go(platform.consoleUrl() + "/patients/" + patient);
            stranger.signIn("other-physician", Platform.USER_PASSWORD);
            stranger.await(By.tagName("h1"));
            assertThat(stranger.text()).contains("Not found").doesNotContain("105 mg");
            stranger.go(platform.consoleUrl() + "/quiet");
            stranger.await(By.tagName("h1"));
            assertThat(stranger.text()).doesNotContain(silent);
        }
    }

    private static boolean sleep(Duration pause) throws InterruptedException {
        Thread.sleep(pause.toMillis());
        return true;
    }

    private int remindersOf(String patient) throws InterruptedException {
        List<MimeMessage> mails = platform.mailsAbout(patient, 0, Duration.ZERO);
        return (int) mails.stream().map(Platform::subject).filter(s -> s.contains("(reminder")).count();
    }
}
