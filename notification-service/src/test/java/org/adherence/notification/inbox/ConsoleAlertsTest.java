package org.adherence.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.ServiceInstance;
import org.adherence.notification.support.TestKafka;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.mail.TestMailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The care console's backend on one instance, a real broker and a real SMTP server: the list of a clinic's open
 * alerts ({@code GET /api/v1/alerts}) and a clinician's acknowledgement ({@code POST .../acknowledgement}) with the
 * tokens the console relays (scope, clinic, role and email claims). Each test's clinic is its own, so that the
 * alerts of the other tests on the broker are another clinic's.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleAlertsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestMailServer mail;

    private static ServiceInstance service;

    @BeforeAll
    static void start() {
        mail = TestMailServer.start();
        service = ServiceInstance.start(mail.port());
    }

    @AfterAll
    static void stop() {
        service.close();
        mail.close();
    }

    private static String newClinic() {
        return "console-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new patient of the clinic, with a team of two clinicians and a caregiver. */
    private static String patientOf(String clinic) {
        String patient = Fixtures.newPatientId("console");
        TestKafka.publish(Topics.PATIENT_PROFILES, patient, Fixtures.profileOf(patient, Fixtures.careTeamOf(patient),
                clinic));
        return patient;
    }

    private static AlertRaised raise(String patient, RuleId rule, Instant raisedAt) {
        AlertRaised sample = Fixtures.alert(patient, rule);
        AlertRaised alert = new AlertRaised(AlertRaised.SCHEMA_VERSION, UUID.randomUUID().toString(), patient, rule,
                rule.severity(), raisedAt, sample.summary(), sample.guidance(), sample.evidence(), sample.rulePack());
        TestKafka.publish(Topics.ALERTS, patient, alert);
        return alert;
    }

    /** A token as the console relays it: the dev identity provider's claims. */
    static String consoleToken(String clinic, String role, String email, String scope) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(TestTokens.token().subject("user-" + role)
                    .scope(scope).clinic(clinic).claims()).claim("role", role).claim("name", "A. Clinician");
            if (email != null) {
                claims.claim("email", email);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clinician(String clinic, String role, String email) {
        return consoleToken(clinic, role, email, "openid profile email care-team:read alerts:acknowledge");
    }

    private static String reader(String clinic) {
        return consoleToken(clinic, "CAREGIVER", "sam@family.example", "openid care-team:read");
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> acknowledge(String alertId, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/alerts/" + alertId
                        + "/acknowledgement")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The alert ids of a list answer, in order. */
    private static List<String> ids(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.has("incomplete")).as(answer.body()).isFalse();
        return body.get("alerts").valueStream().map(view -> view.get("alert").get("alertId").asString()).toList();
    }

    private static List<String> idsOf(AlertRaised... alerts) {
        return java.util.Arrays.stream(alerts).map(AlertRaised::alertId).toList();
    }

    @Test
    void listsTheClinicsOpenAlertsMostUrgentFirstNewestFirstAndFiltersThem() throws Exception {
        // given two patients of the clinic with alerts of every severity, and a patient of another clinic
        String clinic = newClinic();
        String other = newClinic();
        String first = patientOf(clinic);
        String second = patientOf(clinic);
        String elsewhere = patientOf(other);
        Instant t = Instant.parse("2026-11-24T09:00:00Z");
        AlertRaised info = raise(first, RuleId.MISSED_DOSES, t.plusSeconds(50));
        AlertRaised olderHigh = raise(first, RuleId.SINGLE_DOSE_ABOVE_MAX, t);
        AlertRaised warning = raise(first, RuleId.DOUBLE_DOSE, t.plusSeconds(40));
        AlertRaised critical = raise(second, RuleId.OVERDOSE_SIGNS, t.plusSeconds(10));
        AlertRaised newerHigh = raise(second, RuleId.DAILY_MAX_EXCEEDED, t.plusSeconds(30));
        AlertRaised othersCritical = raise(elsewhere, RuleId.WITHDRAWAL_SIGNS, t.plusSeconds(60));

        // then its care team sees its five, CRITICAL first, newest first within a severity, and no other clinic's
        List<String> all = idsOf(critical, newerHigh, olderHigh, warning, info);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ids(get("/api/v1/alerts", reader(clinic))))
                .isEqualTo(all));
        assertThat(ids(get("/api/v1/alerts?status=open&limit=200", reader(clinic)))).isEqualTo(all);
        assertThat(ids(get("/api/v1/alerts", TestTokens.careTeam(clinic)))).as("patients:write").isEqualTo(all);
        assertThat(ids(get("/api/v1/alerts", reader(other)))).isEqualTo(idsOf(othersCritical));

        // filtered by severity, rule, patient, cut to a limit
        assertThat(ids(get("/api/v1/alerts?severity=HIGH", reader(clinic)))).isEqualTo(idsOf(newerHigh, olderHigh));
        assertThat(ids(get("/api/v1/alerts?rule=OVERDOSE_SIGNS", reader(clinic)))).isEqualTo(idsOf(critical));
        assertThat(ids(get("/api/v1/alerts?patientId=" + first, reader(clinic))))
                .isEqualTo(idsOf(olderHigh, warning, info));
        assertThat(ids(get("/api/v1/alerts?patientId=" + first + "&severity=WARNING", reader(clinic))))
                .isEqualTo(idsOf(warning));
        assertThat(ids(get("/api/v1/alerts?patientId=" + elsewhere, reader(clinic)))).isEmpty();
        assertThat(ids(get("/api/v1/alerts?limit=2", reader(clinic)))).isEqualTo(idsOf(critical, newerHigh));
        assertThat(ids(get("/api/v1/alerts?status=all&severity=CRITICAL", reader(clinic))))
                .isEqualTo(idsOf(critical));

        // each element is the alert's delivery log
        JsonNode view = JSON.readTree(get("/api/v1/alerts?rule=OVERDOSE_SIGNS", reader(clinic)).body())
                .get("alerts").get(0);
        assertThat(view.get("clinicId").asString()).isEqualTo(clinic);
        assertThat(view.get("alert").get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(view.get("recipients").size()).isEqualTo(3);
    }

    @Test
    void refusesBadFiltersWith400NamingEachAndTokensWithoutTheRightScope() throws Exception {
        String clinic = newClinic();
        for (String query : List.of("status=closed", "severity=SEVERE", "severity=high", "rule=NOPE", "limit=0",
                "limit=1001", "limit=abc", "limit=99999999999", "patientId=a%20b", "patientId=" + "x".repeat(65),
                "status=open&status=all")) {
            HttpResponse<String> answer = get("/api/v1/alerts?" + query, reader(clinic));

            assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
            String field = query.substring(0, query.indexOf('='));
            assertThat(JSON.readTree(answer.body()).get("errors").get(0).get("field").asString()).as(query)
                    .isEqualTo(field);
        }
        HttpResponse<String> several = get("/api/v1/alerts?severity=X&limit=-1", reader(clinic));
        assertThat(several.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(several.body()).get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("severity", "limit");

        assertThat(get("/api/v1/alerts", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/alerts", TestTokens.patientApp("p-1")).statusCode()).isEqualTo(403);
        // a console token that names no clinic
        assertThat(get("/api/v1/alerts", TestTokens.token().subject("ct").scope("care-team:read alerts:acknowledge")
                .sign()).statusCode()).isEqualTo(403);
    }

    @Test
    void aClinicianAcknowledgesInTheConsoleWithAReasonAndTheAlertLeavesTheOpenList(CapturedOutput output)
            throws Exception {
        // given a HIGH alert (no email link would acknowledge it) and a WARNING one of the clinic
        String clinic = newClinic();
        String patient = patientOf(clinic);
        AlertRaised high = raise(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, Instant.parse("2026-11-24T09:00:00Z"));
        AlertRaised warning = raise(patient, RuleId.DOUBLE_DOSE, Instant.parse("2026-11-24T08:00:00Z"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ids(get("/api/v1/alerts", reader(clinic))))
                .isEqualTo(idsOf(high, warning)));
        String physician = clinician(clinic, "PHYSICIAN", "dana-" + patient + "@clinic.example");
        String reason = "Called the patient at 10:20: a second tablet by mistake, feels fine.";

        // a caregiver, a reader without the scope, a clinician without an address, another clinic's physician and a
        // reason too long are refused, and acknowledge nothing
        HttpResponse<String> caregiver = acknowledge(high.alertId(), clinician(clinic, "CAREGIVER",
                "sam@family.example"), "{\"reason\":\"ok\"}");
        assertThat(caregiver.statusCode()).isEqualTo(403);
        assertThat(caregiver.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(caregiver.body()).contains("Only clinicians may acknowledge");
        assertThat(acknowledge(high.alertId(), consoleToken(clinic, "PHYSICIAN", "dana@clinic.example",
                "care-team:read"), null).statusCode()).isEqualTo(403);
        HttpResponse<String> noEmail = acknowledge(high.alertId(), clinician(clinic, "NURSE", null), null);
        assertThat(noEmail.statusCode()).isEqualTo(403);
        assertThat(noEmail.body()).contains("'email' claim");
        HttpResponse<String> otherClinics = acknowledge(high.alertId(), clinician(newClinic(), "PHYSICIAN",
                "doctor@other-clinic.example"), null);
        HttpResponse<String> unknown = acknowledge("no-such-alert", physician, null);
        assertThat(otherClinics.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(otherClinics.body().replace(high.alertId(), "<id>"))
                .isEqualTo(unknown.body().replace("no-such-alert", "<id>")).doesNotContain(clinic);
        HttpResponse<String> tooLong = acknowledge(high.alertId(), physician,
                "{\"reason\":\"" + "x".repeat(501) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"reason\"");
        assertThat(acknowledge(high.alertId(), physician, "[\"not an object\"]").statusCode()).isEqualTo(400);
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/alerts/"
                        + high.alertId() + "/acknowledgement")).header("Authorization", "Bearer " + physician)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=ok")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(400);
        assertThat(form.body()).contains("\"field\":\"reason\"");
        assertThat(ids(get("/api/v1/alerts", reader(clinic)))).isEqualTo(idsOf(high, warning));

        // when the physician acknowledges it with a reason
        HttpResponse<String> acknowledged = acknowledge(high.alertId(), physician,
                JSON.writeValueAsString(java.util.Map.of("reason", reason)));

        // then the answer is its delivery log, naming the physician, the reason and the console
        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
        JsonNode first = JSON.readTree(acknowledged.body()).get("acknowledged");
        assertThat(first.get("acknowledgedBy").asString()).isEqualTo("dana-" + patient + "@clinic.example");
        assertThat(first.get("reason").asString()).isEqualTo(reason);
        assertThat(first.get("via").asString()).isEqualTo("console");
        // a nurse's press after it is answered with the first one
        HttpResponse<String> second = acknowledge(high.alertId(), clinician(clinic, "NURSE",
                "kim@clinic.example"), null);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("acknowledged").get("acknowledgedBy").asString())
                .isEqualTo("dana-" + patient + "@clinic.example");
        // an empty body is no reason: a pharmacist acknowledges the WARNING alert
        HttpResponse<String> pharmacists = acknowledge(warning.alertId(), clinician(clinic, "PHARMACIST",
                "rx@clinic.example"), null);
        assertThat(pharmacists.statusCode()).as(pharmacists.body()).isEqualTo(200);
        assertThat(JSON.readTree(pharmacists.body()).get("acknowledged").has("reason")).isFalse();

        // and both have left the open list, not the whole one; the delivery log says it too
        assertThat(ids(get("/api/v1/alerts", reader(clinic)))).isEmpty();
        assertThat(ids(get("/api/v1/alerts?status=all", reader(clinic)))).isEqualTo(idsOf(high, warning));
        assertThat(get("/api/v1/alerts/" + high.alertId(), reader(clinic)).body())
                .contains("\"reason\":\"" + reason + "\"").contains("\"via\":\"console\"");
        // the reason is the clinician's free text: never in a log line
        assertThat(output.getOut()).contains("Acknowledged alertId=" + high.alertId()).doesNotContain(reason)
                .doesNotContain("x".repeat(501));
    }
}
