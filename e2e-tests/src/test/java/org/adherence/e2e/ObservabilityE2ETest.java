package org.adherence.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.process.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator sees of the running stack: every panel of the Grafana dashboards and every Prometheus alerting
 * rule under {@code ops/} queries a metric that one of the three services really exports, with label names and
 * values that its series really have, every exported series carries its {@code application} tag, and one event can
 * be followed from its POST to its email by the trace id in the services' logs (the support path the README
 * describes).
 */
@ExtendWith(Platform.Extension.class)
class ObservabilityE2ETest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);

    private static final Platform platform = Platform.get();

    private static String patient;

    private static String overdoseEventId;

    /** Traffic that makes every kind of series exist: a profile, a rejected and an accepted dose, emails, a CRITICAL. */
    @BeforeAll
    static void givenEventsAlertsAndEmails() throws Exception {
        patient = "p-observed-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(platform.send("PUT", "/api/v1/patients/" + patient, TestTokens.careTeam(), """
                {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                 "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                              {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                 "prescriptions": [], "conditions": [], "coMedications": []}""").statusCode()).isEqualTo(202);
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":-5,\"takenAt\":\""
                        + OffsetDateTime.now().minusMinutes(30) + "\"}").statusCode()).isEqualTo(400);
        overdoseEventId = UUID.randomUUID().toString();
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/doses", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + overdoseEventId + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\""
                        + OffsetDateTime.now().minusMinutes(20) + "\"}").statusCode()).isEqualTo(202);
        assertThat(platform.send("POST", "/api/v1/patients/" + patient + "/symptoms", TestTokens.patientApp(patient),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"BREATHLESSNESS\"],\"observedAt\":\""
                        + OffsetDateTime.now().minusMinutes(10) + "\"}").statusCode()).isEqualTo(202);
        // SINGLE_DOSE_ABOVE_MAX (HIGH) to both, OVERDOSE_SIGNS (CRITICAL) to both
        List<MimeMessage> mails = platform.mailsAbout(patient, 4, MAIL_WAIT);
        assertThat(mails).as("services' logs:\n%s", platform.logs()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void everyDashboardPanelAndAlertingRuleQueriesAMetricThatAServiceExports() throws Exception {
        Set<String> exported = new TreeSet<>(PromQl.MADE_BY_PROMETHEUS);
        exported.addAll(scrapeAll().metricNames());
        List<OpsFiles.Query> queries = opsQueries();

        Map<String, Set<String>> unbacked = new TreeMap<>();
        for (OpsFiles.Query query : queries) {
            Set<String> metrics = PromQl.metricNames(query.expression());
            assertThat(metrics).as("metrics in %s: %s", query.where(), query.expression()).isNotEmpty();
            metrics.stream().filter(metric -> !exported.contains(metric)).forEach(missing -> unbacked
                    .computeIfAbsent(missing, m -> new TreeSet<>()).add(query.where()));
        }
        assertThat(unbacked).as("metrics queried under ops/ that no service exports").isEmpty();
    }

    /**
     * A query can name a metric that exists and still select nothing: {@code outcome="faild"},
     * {@code severity="critical"} (the services' severities are upper case), {@code clientid} for {@code client_id}.
     * Every {@code =} and {@code =~} matcher of the dashboards and rules must match the labels of some series
     * the services export (values only a failure makes: {@link ExportedSeries#ONLY_ON_FAILURE}).
     */
    @Test
    void everyLabelThatADashboardPanelOrAlertingRuleSelectsOnIsExportedWithAMatchingValue() throws Exception {
        ExportedSeries exported = scrapeAll();
        List<OpsFiles.Query> queries = opsQueries();
        long matchers = queries.stream().flatMap(query -> PromQl.selectors(query.expression()).stream())
                .flatMap(selector -> selector.matchers().stream()).filter(PromQl.LabelMatcher::positive).count();
        assertThat(matchers).as("= and =~ matchers under ops/").isGreaterThan(30);

        List<String> problems = new ArrayList<>();
        queries.forEach(query -> problems.addAll(exported.problems(query)));
        assertThat(problems).as("label matchers under ops/ that no exported series satisfies").isEmpty();
    }

    @Test
    void everySeriesOfAServiceCarriesItsApplicationTag() throws Exception {
        for (ServiceProcess service : platform.services()) {
            List<String> untagged = service.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .filter(line -> !line.contains("application=\"" + service.name() + "\"")).toList();
            assertThat(untagged).as("series of %s without application=\"%s\"", service.name(), service.name())
                    .isEmpty();
        }
    }

    @Test
    void oneEventIsFollowedFromItsPostToItsEmailsByTheTraceIdInTheLogs() throws Exception {
        ServiceProcess intake = platform.services().get(0);
        ServiceProcess rules = platform.services().get(1);
        ServiceProcess notification = platform.services().get(2);

        // a support person starts from the event id: intake's line about it names the trace
        String accepted = intake.logLines().stream().filter(line -> line.contains("eventId=" + overdoseEventId))
                .findFirst().orElseThrow(() -> new AssertionError("no intake log line for eventId=" + overdoseEventId
                        + "\n" + intake.logTail()));
        String traceId = traceIdOf(accepted, "dose-intake-service");

        // the same trace in rules-service names the alert the event raised
        List<String> raised = linesOfTrace(rules, traceId).stream().filter(line -> line.contains("Raised alertId="))
                .toList();
        assertThat(raised).as("rules-service lines of trace %s", traceId).hasSize(1);
        assertThat(raised.get(0)).contains("rule=SINGLE_DOSE_ABOVE_MAX", "severity=HIGH", "patientId=" + patient,
                overdoseEventId);
        String alertId = field(raised.get(0), "alertId");

        // and in notification-service, the emails it caused, one per recipient
        List<String> mailed = awaitLines(notification, traceId, "Mailed alertId=" + alertId, 2);
        assertThat(mailed).as("notification-service lines of trace %s", traceId).hasSize(2);
        assertThat(mailed).allSatisfy(line -> assertThat(line).contains("severity=HIGH", "patientId=" + patient)
                .doesNotContain("@"));
        assertThat(mailed.stream().map(line -> field(line, "role"))).containsExactlyInAnyOrder("PHYSICIAN",
                "CAREGIVER");
    }

    private static List<String> awaitLines(ServiceProcess service, String traceId, String text, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = linesOfTrace(service, traceId).stream().filter(line -> line.contains(text)).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(250);
        }
        return found;
    }

    private static List<String> linesOfTrace(ServiceProcess service, String traceId) {
        return service.logLines().stream().filter(line -> line.contains("[" + service.name() + "," + traceId + ","))
                .toList();
    }

    private static String traceIdOf(String line, String application) {
        Matcher trace = Pattern.compile("\\[" + Pattern.quote(application) + ",([0-9a-f]{32}),[0-9a-f]{16}]")
                .matcher(line);
        assertThat(trace.find()).as("a trace id in: %s", line).isTrue();
        return trace.group(1);
    }

    private static String field(String line, String name) {
        Matcher value = Pattern.compile("\\b" + name + "=([^\\s,]+)").matcher(line);
        assertThat(value.find()).as("%s= in: %s", name, line).isTrue();
        return value.group(1);
    }

    private static ExportedSeries scrapeAll() throws Exception {
        List<String> scrapes = new ArrayList<>();
        for (ServiceProcess service : platform.services()) {
            scrapes.add(service.scrape());
        }
        return ExportedSeries.of(scrapes);
    }

    private static List<OpsFiles.Query> opsQueries() {
        List<OpsFiles.Query> queries = new ArrayList<>(OpsFiles.dashboardQueries(OpsFiles.repoRoot()));
        queries.addAll(OpsFiles.ruleQueries(OpsFiles.repoRoot()));
        assertThat(queries).hasSizeGreaterThan(20);
        return queries;
    }
}
