package org.adherence.notification.email;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.support.SampleAlerts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The email of every rule of the pack reads as text, in the patient's time, whether full or redacted. */
class EveryRuleEmailTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final URI PUBLIC_URL = URI.create("https://alerts.clinic.example");
    private static final URI ACK = URI.create("https://alerts.clinic.example/api/v1/alerts/a/ack?token=abc.def");

    @ParameterizedTest
    @EnumSource(RuleId.class)
    void writesEveryRulesEmailWithItsTextInThePatientsTimeAndNoRawJsonOrNull(RuleId rule) {
        // given an alert of the rule with markup in its text
        AlertRaised sample = SampleAlerts.of(rule, "p-1");
        AlertRaised alert = new AlertRaised(1, sample.alertId(), "p-1", rule, rule.severity(), sample.raisedAt(),
                sample.summary() + " <b>&</b>", sample.guidance(), sample.evidence(), sample.rulePack());

        // when it is written as its own email (INFO: in the digest)
        EmailContent full = new EmailContent();
        RenderedEmail email = new EmailRenderer().render(rule.severity() == Severity.INFO
                ? full.digest("p-1", LocalDate.parse("2026-11-24"), BERLIN, List.of(alert))
                : full.alert(alert, BERLIN, 0, rule.severity() == Severity.CRITICAL ? ACK : null));

        // then
        assertThat(email.subject()).isEqualTo(rule.severity() == Severity.INFO
                ? "[INFO] DAILY_DIGEST - patient p-1"
                : "[" + rule.severity() + "] " + rule + " - patient p-1");
        String both = email.text() + email.html();
        assertThat(both).doesNotContain("{\"").doesNotContainIgnoringCase("null")
                .contains("2026-11-24 10:00 (Europe/Berlin, +01:00)")
                .contains(sample.summary()).contains(sample.guidance()).contains(rule.name());
        assertThat(email.text()).contains(sample.summary() + " <b>&</b>");
        assertThat(email.html()).contains(sample.summary() + " &lt;b&gt;&amp;&lt;/b&gt;").doesNotContain("<b>");
        if (alert.evidence().windowStart() != null) {
            assertThat(both).contains("(Europe/Berlin, +01:00)").doesNotContain("-03:00").doesNotContain("Z\n");
        }
        if (rule.severity() == Severity.CRITICAL) {
            assertThat(email.text()).contains("Acknowledge\n").contains(ACK.toString());
            assertThat(email.html()).contains("<a href=\"" + ACK + "\">");
        }
    }

    @ParameterizedTest
    @EnumSource(RuleId.class)
    void redactedCarriesOnlyTheSubjectsFactsAndLinks(RuleId rule) {
        // given a deployment whose email is no safe channel for health data
        EmailContent redacted = new EmailContent(true, PUBLIC_URL);
        AlertRaised alert = SampleAlerts.of(rule, "p-2");

        // when
        RenderedEmail email = new EmailRenderer().render(rule.severity() == Severity.INFO
                ? redacted.digest("p-2", LocalDate.parse("2026-11-24"), BERLIN, List.of(alert))
                : redacted.alert(alert, BERLIN, 0, rule.severity() == Severity.CRITICAL ? ACK : null));

        // then no clinical text, only the facts of the subject line and links
        String both = email.text() + email.html();
        assertThat(both).doesNotContain(alert.summary()).doesNotContain(alert.guidance())
                .doesNotContain("BREATHLESSNESS").doesNotContain(" mg").doesNotContain("dose-")
                .doesNotContain("symptoms-1").doesNotContainIgnoringCase("null").doesNotContain("{\"")
                .contains(rule.name()).contains("p-2").contains(PUBLIC_URL + "/api/v1/alerts/");
        if (rule.severity() != Severity.INFO) {
            assertThat(email.text()).contains("Delivery log: " + PUBLIC_URL + "/api/v1/alerts/" + alert.alertId());
        }
        if (rule.severity() == Severity.CRITICAL) {
            assertThat(email.text()).contains(ACK.toString());
        }
    }
}
