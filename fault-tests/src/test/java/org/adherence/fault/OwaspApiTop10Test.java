package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.adherence.contracts.Topics;
import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.http.RawHttp;
import org.adherence.testsupport.process.ServiceProcess;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;

/**
 * The OWASP API Security Top 10 (2023) as they apply to the platform, on real processes (intake, rules-service,
 * notification-service, a Kafka broker, an SMTP server), each written to CONTRACT.md:
 * <ul>
 *   <li><b>API1 broken object-level authorization</b>: two clinics, each with a patient whose alerts were mailed; a
 *   care team reaches neither the other clinic's profiles and events, nor its delivery logs, nor (through a link of
 *   its own) its acknowledgements, and a caregiver's link acknowledges nothing;</li>
 *   <li><b>API2 broken authentication</b>: no token, a wrong signature, {@code alg: none}, no {@code exp}, expired, a
 *   wrong or missing {@code iss} and {@code aud}, a token of the other service: each a {@code 401} at intake and at
 *   notification-service, nothing published;</li>
 *   <li><b>API4 unrestricted resource consumption</b>: a patient app over its rate limit gets {@code 429} with
 *   {@code Retry-After} and publishes nothing; a body over the size limit {@code 413}, a batch over 1000 items
 *   {@code 400};</li>
 *   <li><b>API8 security misconfiguration</b>: actuator serves health, info and prometheus and nothing else; a service
 *   given no key, or a default or published one, refuses to start.</li>
 * </ul>
 * (API3, object properties: the clinic on a profile comes from the token, never the body, is in the bad-request
 * corpus, a body naming {@code clinicId} being refused.)
 */
@ExtendWith(SecurityStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwaspApiTop10Test {

    private static final Logger log = LoggerFactory.getLogger(OwaspApiTop10Test.class);

    private static final String OTHER_SECRET = "another-secret-the-platform-never-had-9876543210";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private FaultStack stack;

    private Api intake;

    private Api notification;

    private Clinic a;

    private Clinic b;

    /** A clinic with one patient, whose dose above the maximum and report of breathlessness were mailed. */
    private record Clinic(String id, String patient, String highAlert, String criticalAlert, String ackToken) {

        String careTeam() {
            return TestTokens.careTeam(id);
        }

        String careTeamRead() {
            return TestTokens.token().subject("care-team-" + id).scope("care-team:read").clinic(id).sign();
        }
    }

    @BeforeAll
    void twoClinicsEachWithAPatientWhoseAlertsWereMailed() throws Exception {
        stack = SecurityStack.get();
        intake = new Api(stack.intake());
        notification = new Api(stack.notifications().get(0));
        a = clinicWithAlerts("owasp-a-" + run, "owasp-pa-" + run);
        b = clinicWithAlerts("owasp-b-" + run, "owasp-pb-" + run);
        log.info("Clinics {} and {}", a, b);
    }

    private Clinic clinicWithAlerts(String clinic, String patient) throws Exception {
        assertStatus(intake.json("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(clinic),
                Patients.profile(patient)), 202);
        String app = TestTokens.patientApp(patient);
        assertStatus(intake.json("POST", "/api/v1/patients/" + patient + "/doses", app, dose(25)), 202);
        assertStatus(intake.json("POST", "/api/v1/patients/" + patient + "/symptoms", app, breathlessness()), 202);
        String critical = "[CRITICAL] OVERDOSE_SIGNS - patient " + patient;
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(stack.mail()
                .received(mail -> mail.subject().equals(critical) || mail.subject().equals("[HIGH] "
                        + "SINGLE_DOSE_ABOVE_MAX - patient " + patient))).as(stack.logs()).hasSize(4));
        Map<String, String> alerts = new LinkedHashMap<>();
        TopicRecords.read(stack.kafka().bootstrapServers(), Topics.ALERTS.name(), patient::equals).forEach(entry -> {
            JsonNode alert = ContractJson.mapper().readTree(entry.value());
            alerts.put(alert.path("rule").asString(), alert.path("alertId").asString());
        });
        Matcher link = stack.mail().received(mail -> mail.subject().equals(critical)
                        && mail.recipient().equals(Patients.physician(patient))).stream()
                .map(mail -> Api.ACK_LINK.matcher(mail.text())).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no acknowledgement link in the physician's email"));
        assertThat(link.group(1)).isEqualTo(alerts.get("OVERDOSE_SIGNS"));
        return new Clinic(clinic, patient, alerts.get("SINGLE_DOSE_ABOVE_MAX"), alerts.get("OVERDOSE_SIGNS"),
                link.group(2));
    }

    // ------------------------------------------------------------------ API1 broken object-level authorization

    @Test
    void aCareTeamMayNotPutTheProfileOfAnotherClinicsPatient() {
        String hijack = Patients.profile(a.patient()).replace(Patients.physician(a.patient()),
                "attacker-" + run + "@attacker.example");

        RawHttp.Answer answer = intake.json("PUT", "/api/v1/patients/" + a.patient(), b.careTeam(), hijack);

        Api.assertProblem(answer, 403);
        assertThat(answer.text()).doesNotContain(a.id());
        assertThat(TopicRecords.read(stack.kafka().bootstrapServers(), Topics.PATIENT_PROFILES.name(),
                a.patient()::equals)).as("profiles of " + a.patient()).isNotEmpty()
                .noneMatch(entry -> entry.value() != null && entry.value().contains("attacker-" + run))
                .allMatch(entry -> entry.value() != null && entry.value().contains("\"clinicId\":\"" + a.id() + "\""));
    }

    @Test
    void aCareTeamMayNotPostEventsForAnotherClinicsPatient() {
        String base = "/api/v1/patients/" + a.patient();
        String dose = dose(5);
        String report = breathlessness();

        List<RawHttp.Answer> answers = List.of(
                intake.json("POST", base + "/doses", b.careTeam(), dose),
                intake.json("POST", base + "/symptoms", b.careTeam(), report),
                intake.json("POST", base + "/events:batch", b.careTeam(), "{\"doses\":[" + dose + "],\"symptoms\":["
                        + report + "]}"));

        answers.forEach(answer -> {
            Api.assertProblem(answer, 403);
            assertThat(answer.text()).doesNotContain(a.id());
        });
        assertNotOnTopics(eventId(dose), eventId(report));
    }

    @Test
    void aRefusalSaysNeitherWhichClinicHoldsAPatientNorWhetherAnyDoes() {
        String nobodys = "owasp-nobody-" + run;

        RawHttp.Answer held = intake.json("POST", "/api/v1/patients/" + a.patient() + "/doses", b.careTeam(),
                dose(5));
        RawHttp.Answer free = intake.json("POST", "/api/v1/patients/" + nobodys + "/doses", b.careTeam(), dose(5));

        Api.assertProblem(held, 403);
        Api.assertProblem(free, 403);
        JsonNode heldProblem = Api.json(held);
        JsonNode freeProblem = Api.json(free);
        assertThat(heldProblem.path("title")).isEqualTo(freeProblem.path("title"));
        assertThat(heldProblem.path("detail").asString().replace(a.patient(), "<patient>"))
                .isEqualTo(freeProblem.path("detail").asString().replace(nobodys, "<patient>"));
    }

    @Test
    void aPatientAppMayWriteOnlyItsOwnEvents() {
        String dose = dose(5);

        RawHttp.Answer answer = intake.json("POST", "/api/v1/patients/" + a.patient() + "/doses",
                TestTokens.patientApp(b.patient()), dose);
        RawHttp.Answer profile = intake.json("PUT", "/api/v1/patients/" + a.patient(),
                TestTokens.patientApp(a.patient()), Patients.profile(a.patient()));

        Api.assertProblem(answer, 403);
        Api.assertProblem(profile, 403);
        assertNotOnTopics(eventId(dose));
    }

    @Test
    void aCareTeamTokenWithoutAClinicIsRefusedEverywhere() {
        String noClinic = TestTokens.token().subject("care-team-" + run).scope("patients:write").sign();
        String badClinic = TestTokens.token().subject("care-team-" + run).scope("patients:write")
                .clinic("../" + a.id()).sign();
        String readerWithoutClinic = TestTokens.token().subject("care-team-" + run).scope("care-team:read").sign();
        String dose = dose(5);

        Api.assertProblem(intake.json("PUT", "/api/v1/patients/owasp-new-" + run, noClinic,
                Patients.profile("owasp-new-" + run)), 403);
        Api.assertProblem(intake.json("POST", "/api/v1/patients/" + a.patient() + "/doses", noClinic, dose), 403);
        Api.assertProblem(intake.json("POST", "/api/v1/patients/" + a.patient() + "/doses", badClinic, dose), 403);
        Api.assertProblem(notification.get("/api/v1/alerts/" + a.highAlert(), readerWithoutClinic), 403);
        Api.assertProblem(notification.get("/api/v1/alerts/" + a.highAlert(), noClinic), 403);
        assertNotOnTopics(eventId(dose));
    }

    @Test
    void theDeliveryLogAnswersForTheClinicsOwnPatientsOnly() {
        String unknown = UUID.randomUUID().toString();

        RawHttp.Answer own = notification.get("/api/v1/alerts/" + a.highAlert(), a.careTeamRead());
        RawHttp.Answer ownWithWriteScope = notification.get("/api/v1/alerts/" + a.highAlert(), a.careTeam());
        RawHttp.Answer others = notification.get("/api/v1/alerts/" + a.highAlert(), b.careTeamRead());
        RawHttp.Answer othersCritical = notification.get("/api/v1/alerts/" + a.criticalAlert(), b.careTeam());
        RawHttp.Answer none = notification.get("/api/v1/alerts/" + unknown, b.careTeamRead());

        assertThat(own.status()).as(Api.describe(own)).isEqualTo(200);
        assertThat(Api.json(own).path("alert").path("alertId").asString()).isEqualTo(a.highAlert());
        assertThat(ownWithWriteScope.status()).as(Api.describe(ownWithWriteScope)).isEqualTo(200);
        // another clinic's alert is not there for this clinic: a 404 like an id no alert has
        Api.assertProblem(others, 404);
        Api.assertProblem(othersCritical, 404);
        Api.assertProblem(none, 404);
        assertThat(Api.json(others).path("detail").asString().replace(a.highAlert(), "<id>"))
                .isEqualTo(Api.json(none).path("detail").asString().replace(unknown, "<id>"));
        assertThat(others.text()).doesNotContain(a.patient()).doesNotContain(a.id());
    }

    @Test
    void anAcknowledgementLinkActsOnItsOwnAlertOnly() {
        // a caregiver's email of a CRITICAL alert carries no link: forwarded, it could silence the physicians
        assertThat(stack.mail().received(mail -> mail.recipient().equals(Patients.caregiver(a.patient()))
                && mail.subject().startsWith("[CRITICAL]"))).isNotEmpty()
                .allSatisfy(mail -> assertThat(mail.text() + mail.html()).doesNotContain("/ack"));

        // clinic A's physician's link, on clinic B's alert; the same link with its alert id changed; clinic B's care
        // team's own bearer token instead of a link
        RawHttp.Answer otherAlert = press(b.criticalAlert(), a.ackToken(), null);
        RawHttp.Answer tampered = press(b.criticalAlert(), withAlertId(a.ackToken(), b.criticalAlert()), null);
        RawHttp.Answer bearerOnly = press(b.criticalAlert(), null, b.careTeam());

        Api.assertProblem(otherAlert, 403);
        Api.assertProblem(tampered, 403);
        Api.assertProblem(bearerOnly, 400);
        // a link made by the service's own key for the caregiver (as the first version mailed them, or a leaked key's
        // forgery) acknowledges nothing; one made the same way for the physician opens the page: the link is right
        RawHttp.Answer physiciansPage = notification.send("GET", "/api/v1/alerts/" + b.criticalAlert() + "/ack?token="
                + linkToken(b.criticalAlert(), b.patient(), Patients.physician(b.patient())), Map.of(), new byte[0]);
        assertThat(physiciansPage.status()).as(Api.describe(physiciansPage)).isEqualTo(200);
        RawHttp.Answer caregivers = press(b.criticalAlert(), linkToken(b.criticalAlert(), b.patient(),
                Patients.caregiver(b.patient())), null);
        Api.assertProblem(caregivers, 403);
        assertThat(Api.json(notification.get("/api/v1/alerts/" + b.criticalAlert(), b.careTeamRead()))
                .has("acknowledged")).as("clinic B's alert acknowledged").isFalse();

        // while the link acts on its own alert
        RawHttp.Answer own = press(a.criticalAlert(), a.ackToken(), null);
        assertThat(own.status()).as(Api.describe(own)).isIn(200, 202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Api.json(notification.get(
                "/api/v1/alerts/" + a.criticalAlert(), a.careTeamRead())).path("acknowledged").path("acknowledgedBy")
                .asString()).isEqualTo(Patients.physician(a.patient())));
    }

    private RawHttp.Answer press(String alertId, String linkToken, String bearer) {
        Map<String, String> headers = Api.bearer(bearer);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        return notification.send("POST", "/api/v1/alerts/" + alertId + "/ack", headers,
                (linkToken == null ? "" : "token=" + linkToken).getBytes(StandardCharsets.UTF_8));
    }

    /** A link token as notification-service makes them, signed with the stack's key, valid for an hour. */
    private String linkToken(String alertId, String patientId, String recipient) {
        byte[] payload = String.join("\n", alertId, patientId, recipient,
                Long.toString(Instant.now().plusSeconds(3600).getEpochSecond())).getBytes(StandardCharsets.UTF_8);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(stack.notifications().get(0).environment()
                    .get("ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString(payload) + "." + base64.encodeToString(mac.doFinal(payload));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A link token whose signed part names another alert, its signature left as it was. */
    private static String withAlertId(String token, String alertId) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String changed = alertId + payload.substring(payload.indexOf('\n'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1];
    }

    // --------------------------------------------------------------------------- API2 broken authentication

    /** Each way a token can be wrong, made for the service it is sent to (its audience given). */
    static Stream<Arguments> wrongTokens() {
        List<Arguments> tokens = new ArrayList<>();
        tokens.add(Arguments.of("no token", (Function<TestTokens.Token, String>) token -> null));
        tokens.add(Arguments.of("not a JWT", (Function<TestTokens.Token, String>) token -> "not-a-jwt"));
        tokens.add(Arguments.of("signed with another key",
                (Function<TestTokens.Token, String>) token -> token.secret(OTHER_SECRET).sign()));
        tokens.add(Arguments.of("alg none", (Function<TestTokens.Token, String>) TestTokens.Token::unsigned));
        tokens.add(Arguments.of("alg none, the signature kept",
                (Function<TestTokens.Token, String>) token -> noneWithSignature(token.sign())));
        tokens.add(Arguments.of("no exp", (Function<TestTokens.Token, String>) token -> token.expiresAt(null).sign()));
        tokens.add(Arguments.of("expired five minutes ago", (Function<TestTokens.Token, String>) token -> token
                .expiresAt(Instant.now().minusSeconds(300)).sign()));
        tokens.add(Arguments.of("another issuer", (Function<TestTokens.Token, String>) token -> token
                .issuer("https://id.attacker.example").sign()));
        tokens.add(Arguments.of("no issuer", (Function<TestTokens.Token, String>) token -> token.issuer(null).sign()));
        tokens.add(Arguments.of("another audience", (Function<TestTokens.Token, String>) token -> token
                .audiences("some-other-api").sign()));
        tokens.add(Arguments.of("no audience", (Function<TestTokens.Token, String>) token -> token.audiences()
                .sign()));
        return tokens.stream();
    }

    @ParameterizedTest(name = "intake refuses a token: {0}")
    @MethodSource("wrongTokens")
    void intakeRefusesAWrongTokenWith401AndPublishesNothing(String name, Function<TestTokens.Token, String> wrong) {
        String patient = "owasp-auth-" + run;
        String dose = dose(5);

        RawHttp.Answer answer = intake.json("POST", "/api/v1/patients/" + patient + "/doses",
                wrong.apply(patientApp(patient).audiences(TestTokens.INTAKE_AUDIENCE)), dose);

        Api.assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertNotOnTopics(eventId(dose));
    }

    @ParameterizedTest(name = "notification refuses a token: {0}")
    @MethodSource("wrongTokens")
    void notificationRefusesAWrongTokenWith401(String name, Function<TestTokens.Token, String> wrong) {
        RawHttp.Answer answer = notification.get("/api/v1/alerts/" + a.highAlert(),
                wrong.apply(careTeamReader(a.id()).audiences(TestTokens.NOTIFICATION_AUDIENCE)));

        Api.assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.text()).doesNotContain(a.patient());
    }

    @Test
    void aTokenForOneServiceIsRefusedByTheOther() {
        String patient = "owasp-auth-" + run;
        String dose = dose(5);
        String forNotification = patientApp(patient).audiences(TestTokens.NOTIFICATION_AUDIENCE).sign();
        String forIntake = careTeamReader(a.id()).audiences(TestTokens.INTAKE_AUDIENCE).sign();

        Api.assertProblem(intake.json("POST", "/api/v1/patients/" + patient + "/doses", forNotification, dose), 401);
        Api.assertProblem(notification.get("/api/v1/alerts/" + a.highAlert(), forIntake), 401);
        assertNotOnTopics(eventId(dose));
    }

    @Test
    void theSameTokensRightAreAccepted() {
        String patient = "owasp-auth-" + run;
        // a small dose a day ago: no finding
        String dose = dose(1).replaceAll("\"takenAt\":\"[^\"]+\"", "\"takenAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(20).truncatedTo(ChronoUnit.SECONDS) + "\"");

        assertStatus(intake.json("POST", "/api/v1/patients/" + patient + "/doses",
                patientApp(patient).audiences(TestTokens.INTAKE_AUDIENCE).sign(), dose), 202);
        assertStatus(notification.get("/api/v1/alerts/" + a.highAlert(),
                careTeamReader(a.id()).audiences(TestTokens.NOTIFICATION_AUDIENCE).sign()), 200);
    }

    private static TestTokens.Token patientApp(String patient) {
        return TestTokens.token().subject(patient).scope("events:write");
    }

    private static TestTokens.Token careTeamReader(String clinic) {
        return TestTokens.token().subject("care-team-" + clinic).scope("care-team:read").clinic(clinic);
    }

    /** A signed token's claims and signature under a header that says {@code alg: none}. */
    private static String noneWithSignature(String signed) {
        String[] parts = signed.split("\\.");
        return Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    }

    // ------------------------------------------------------------------ API4 unrestricted resource consumption

    @Test
    void aPatientAppOverItsRateLimitGets429WithRetryAfterAndPublishesNothing() {
        String patient = "owasp-rate-" + run;
        String app = TestTokens.patientApp(patient);
        Map<String, Integer> answered = new LinkedHashMap<>();
        long started = System.nanoTime();

        // a report of a symptom that raises no finding, again and again, each a new event, until refused a few times
        int refused = 0;
        int firstRefused = -1;
        for (int i = 0; i < 400 && refused < 3; i++) {
            String report = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"DIZZINESS\"],\"observedAt\":\""
                    + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS) + "\"}";
            RawHttp.Answer answer = intake.json("POST", "/api/v1/patients/" + patient + "/symptoms", app, report);
            answered.put(eventId(report), answer.status());
            if (answer.status() == 429) {
                Api.assertProblem(answer, 429);
                assertThat(answer.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
                firstRefused = firstRefused < 0 ? i : firstRefused;
                refused++;
            }
            else {
                assertThat(answer.status()).as(Api.describe(answer)).isEqualTo(202);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // 120 a minute, refilled smoothly: the first 120 go through, and then about two a second
        assertThat(refused).as("429s in %.1f s", seconds).isEqualTo(3);
        assertThat(firstRefused).as("requests before the first 429, in %.1f s", seconds)
                .isBetween(120, 120 + (int) Math.ceil(2 * seconds) + 1);
        List<String> onTopic = TopicRecords.read(stack.kafka().bootstrapServers(), Topics.SYMPTOM_EVENTS.name(),
                patient::equals).stream().map(entry -> eventIdOf(entry.value())).toList();
        answered.forEach((eventId, status) -> {
            if (status == 429) {
                assertThat(onTopic).as("an event refused with 429").doesNotContain(eventId);
            }
            else {
                assertThat(onTopic).as("an event accepted with 202").contains(eventId);
            }
        });
    }

    @Test
    void aBodyOverTheSizeLimitGets413AndABatchOverTheItemLimit400() {
        String patient = "owasp-size-" + run;
        String app = TestTokens.patientApp(patient);
        Map<TopicPartition, Long> before = offsets();
        String dose = dose(5);
        String padded = dose + " ".repeat(2 * 1024 * 1024);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(dose(5));
        }

        RawHttp.Answer tooLarge = intake.json("POST", "/api/v1/patients/" + patient + "/doses", app, padded);
        RawHttp.Answer tooMany = intake.json("POST", "/api/v1/patients/" + patient + "/events:batch", app,
                "{\"doses\":[" + String.join(",", items) + "]}");

        Api.assertProblem(tooLarge, 413);
        Api.assertProblem(tooMany, 400);
        assertThat(Api.json(tooMany).toString()).contains("1000");
        assertThat(offsets()).isEqualTo(before);
    }

    // ---------------------------------------------------------------------- API8 security misconfiguration

    @Test
    void actuatorServesHealthInfoAndPrometheusOnlyAndThoseWithoutAToken() {
        Map<ServiceProcess, String> tokens = new LinkedHashMap<>();
        tokens.put(stack.intake(), TestTokens.careTeam(a.id()));
        tokens.put(stack.rules().get(0), a.careTeamRead());
        tokens.put(stack.notifications().get(0), a.careTeamRead());
        List<String> wrong = new ArrayList<>();
        tokens.forEach((service, token) -> {
            Api api = new Api(service);
            for (String open : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                    "/actuator/info", "/actuator/prometheus")) {
                RawHttp.Answer answer = api.send("GET", open, Map.of("Accept", "*/*"), new byte[0]);
                if (answer.status() != 200) {
                    wrong.add(service.name() + " GET " + open + " without a token: " + answer.status());
                }
            }
            for (String closed : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops",
                    "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers", "/actuator/metrics",
                    "/actuator/mappings", "/actuator/conditions", "/actuator/scheduledtasks", "/actuator/startup",
                    "/actuator/caches", "/actuator/sbom", "/actuator/bindings", "/actuator/functions",
                    "/actuator/kafkastreamstopology", "/actuator/shutdown", "/actuator/refresh",
                    "/actuator/health/../env", "/actuator/prometheus/../env")) {
                String method = closed.endsWith("shutdown") || closed.endsWith("refresh") ? "POST" : "GET";
                RawHttp.Answer anonymous = api.send(method, closed, Map.of("Accept", "application/json"),
                        new byte[0]);
                RawHttp.Answer withToken = api.send(method, closed, withAccept(token), new byte[0]);
                // not there, whoever asks: a 4xx even with a good token (404; 405 for a POST where nothing is; 400
                // for a path the firewall refuses), never an endpoint that a token would open
                if (!isClientError(anonymous) || !isClientError(withToken) || withToken.status() == 401
                        || withToken.status() == 403) {
                    wrong.add(service.name() + " " + method + " " + closed + ": " + anonymous.status()
                            + " without a token, " + withToken.status() + " with one");
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void aServiceGivenNoKeyOrADefaultOrPublishedOneRefusesToStart() throws Exception {
        Map<String, ServiceProcess> starts = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        // a broker of their own: a service that starts when it should not must not join the stack's consumer groups
        // (it would take partitions, and alerts, from the others)
        KafkaCluster kafka = KafkaCluster.start(stack.work().resolve("kafka-for-refused-starts-" + run), 1);
        try {
            start(starts, settings, kafka, "notification-service", "notification-no-ack-key",
                    "ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", null);
            start(starts, settings, kafka, "notification-service", "notification-former-default-ack-key",
                    "ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY", "dev-only-ack-link-key-not-for-production-use");
            start(starts, settings, kafka, "notification-service", "notification-published-jwt-key",
                    "ADHERENCE_SECURITY_JWT_HMAC_SECRET", "your-256-bit-secret-your-256-bit-secret");
            start(starts, settings, kafka, "dose-intake-service", "intake-published-jwt-key",
                    "ADHERENCE_SECURITY_JWT_HMAC_SECRET", "change-me-change-me-change-me-change-me");
            List<String> started = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                started.clear();
                starts.forEach((name, process) -> {
                    if (process.isAlive()) {
                        started.add(name);
                    }
                });
                return started.isEmpty() || starts.values().stream().filter(ServiceProcess::isAlive)
                        .allMatch(OwaspApiTop10Test::isReady);
            });
            assertThat(started).as("services that started despite their key").isEmpty();
            // the log names the setting, as an operator writes it or as Boot's binder names the property
            starts.forEach((name, process) -> assertThat(String.join("\n", process.logLines()))
                    .as("why " + name + " refused to start").containsAnyOf(settings.get(name),
                            camelCase(settings.get(name))));
        }
        finally {
            for (ServiceProcess process : starts.values()) {
                process.close();
            }
            kafka.close();
        }
    }

    private void start(Map<String, ServiceProcess> starts, Map<String, String> settings, KafkaCluster kafka,
                       String service, String name, String variable, String value) {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        changes.put(variable, value);
        starts.put(name, stack.startOther(service, name + "-" + run, changes));
        // the setting the log must name, as an operator writes it
        settings.put(name, variable.toLowerCase(java.util.Locale.ROOT).replace('_', '-').replace("adherence-notification-",
                "adherence.notification.").replace("adherence-security-jwt-", "adherence.security.jwt."));
    }

    /** {@code a.b.ack-signing-key} as {@code a.b.ackSigningKey}. */
    private static String camelCase(String setting) {
        Matcher dash = Pattern.compile("-([a-z])").matcher(setting);
        StringBuilder camel = new StringBuilder();
        while (dash.find()) {
            dash.appendReplacement(camel, dash.group(1).toUpperCase(java.util.Locale.ROOT));
        }
        return dash.appendTail(camel).toString();
    }

    private static boolean isReady(ServiceProcess process) {
        try {
            return new Api(process).get("/actuator/health/readiness", null).status() == 200;
        }
        catch (java.io.UncheckedIOException notListening) {
            return false;
        }
    }

    private static boolean isClientError(RawHttp.Answer answer) {
        return answer.status() >= 400 && answer.status() < 500;
    }

    private static Map<String, String> withAccept(String token) {
        Map<String, String> headers = Api.bearer(token);
        headers.put("Accept", "application/json");
        return headers;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<TopicPartition, Long> offsets() {
        return TopicRecords.endOffsets(stack.kafka().bootstrapServers(), List.of(Topics.PATIENT_PROFILES.name(),
                Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name()));
    }

    /** None of these events is on the dose or symptom topic. */
    private void assertNotOnTopics(String... eventIds) {
        for (String topic : List.of(Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name())) {
            assertThat(TopicRecords.read(stack.kafka().bootstrapServers(), topic, key -> true))
                    .noneMatch(entry -> entry.value() != null && List.of(eventIds).contains(eventIdOf(entry.value())));
        }
    }

    private static String eventIdOf(String json) {
        return ContractJson.mapper().readTree(json).path("eventId").asString();
    }

    private static String eventId(String json) {
        return eventIdOf(json);
    }

    private static void assertStatus(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(Api.describe(answer)).isEqualTo(status);
    }

    private static String dose(double mg) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":"
                + (mg == Math.rint(mg) ? String.valueOf((long) mg) : String.valueOf(mg)) + ",\"takenAt\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    private static String breathlessness() {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"BREATHLESSNESS\"],\"observedAt\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }
}
