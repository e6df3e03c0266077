package org.adherence.notification.email;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the emails say, laid out by the templates: golden text and HTML. */
class EmailRenderingTest {

    private final EmailContent content = new EmailContent();

    private final EmailRenderer renderer = new EmailRenderer();

    @Test
    void writesSubjectSummaryGuidanceEvidenceAndDetailsWithTimesInThePatientsZone() {
        // given a dose-limit alert whose times come in UTC and in the app's offset
        AlertRaised alert = new AlertRaised(1, "a-1", "p-123", RuleId.SINGLE_DOSE_ABOVE_MAX, Severity.HIGH,
                Instant.parse("2026-11-24T08:05:00Z"),
                "25 mg of baclofen taken at once; the maximum single dose is 20 mg.",
                "Do not take more than 20 mg at once.",
                new AlertEvidence(List.of("dose-1", "dose-2"), new BigDecimal("25.0"), new BigDecimal("20"),
                        OffsetDateTime.parse("2026-11-23T07:30:00Z"),
                        OffsetDateTime.parse("2026-11-24T09:00:00+01:00"), List.of()),
                "baclofen@1");

        // when it is written for a patient in Berlin
        RenderedEmail email = renderer.render(content.alert(alert, ZoneId.of("Europe/Berlin"), 0, null));

        // then
        assertThat(email.subject()).isEqualTo("[HIGH] SINGLE_DOSE_ABOVE_MAX - patient p-123");
        assertThat(email.text()).isEqualTo("""
                [HIGH] SINGLE_DOSE_ABOVE_MAX - patient p-123

                Summary
                25 mg of baclofen taken at once; the maximum single dose is 20 mg.

                Guidance
                Do not take more than 20 mg at once.

                Evidence
                - Events: dose-1, dose-2
                - Total: 25 mg
                - Limit: 20 mg
                - Window start: 2026-11-23 08:30 (Europe/Berlin, +01:00)
                - Window end: 2026-11-24 09:00 (Europe/Berlin, +01:00)

                Details
                - Patient: p-123
                - Raised: 2026-11-24 09:05 (Europe/Berlin, +01:00)
                - Rule pack: baclofen@1
                - Alert id: a-1
                """);
        assertThat(email.html()).isEqualTo("""
                <!DOCTYPE html>
                <html><head><meta charset="UTF-8"><title>[HIGH] SINGLE_DOSE_ABOVE_MAX - patient p-123</title></head>
                <body>
                <h1>[HIGH] SINGLE_DOSE_ABOVE_MAX - patient p-123</h1>
                <h2>Summary</h2>
                <p>25 mg of baclofen taken at once; the maximum single dose is 20 mg.</p>
                <h2>Guidance</h2>
                <p>Do not take more than 20 mg at once.</p>
                <h2>Evidence</h2>
                <ul>
                <li>Events: dose-1, dose-2</li>
                <li>Total: 25 mg</li>
                <li>Limit: 20 mg</li>
                <li>Window start: 2026-11-23 08:30 (Europe/Berlin, +01:00)</li>
                <li>Window end: 2026-11-24 09:00 (Europe/Berlin, +01:00)</li>
                </ul>
                <h2>Details</h2>
                <ul>
                <li>Patient: p-123</li>
                <li>Raised: 2026-11-24 09:05 (Europe/Berlin, +01:00)</li>
                <li>Rule pack: baclofen@1</li>
                <li>Alert id: a-1</li>
                </ul>
                </body></html>
                """);
    }

    @Test
    void namesSymptomsAndUsesTheSummerOffsetOfThePatientsZone() {
        // given a symptom alert raised in July
        AlertRaised alert = new AlertRaised(1, "a-2", "p-7", RuleId.OVERDOSE_SIGNS, Severity.CRITICAL,
                Instant.parse("2026-07-01T12:00:00Z"), "Breathlessness reported.", "Call the emergency number.",
                new AlertEvidence(List.of("symptoms-1"), null, null, null, null,
                        List.of(Symptom.BREATHLESSNESS, Symptom.SEIZURE)),
                "baclofen@1");

        // when it is written for a patient in New York
        RenderedEmail email = renderer.render(content.alert(alert, ZoneId.of("America/New_York"), 0, null));

        // then
        assertThat(email.text()).isEqualTo("""
                [CRITICAL] OVERDOSE_SIGNS - patient p-7

                Summary
                Breathlessness reported.

                Guidance
                Call the emergency number.

                Evidence
                - Events: symptoms-1
                - Symptoms: BREATHLESSNESS, SEIZURE

                Details
                - Patient: p-7
                - Raised: 2026-07-01 08:00 (America/New_York, -04:00)
                - Rule pack: baclofen@1
                - Alert id: a-2
                """);
    }

    @Test
    void leavesOutWhatTheAlertDoesNotCarryAndNeverWritesNull() {
        // given an alert with nothing but its identity
        AlertRaised alert = new AlertRaised(1, "a-9", "p-9", RuleId.DOUBLE_DOSE, Severity.WARNING, null, null, null,
                null, null);

        // when
        RenderedEmail email = renderer.render(content.alert(alert, ZoneId.of("UTC"), 0, null));

        // then
        assertThat(email.text()).isEqualTo("""
                [WARNING] DOUBLE_DOSE - patient p-9

                Details
                - Patient: p-9
                - Alert id: a-9
                """);
        assertThat(email.text() + email.html()).doesNotContainIgnoringCase("null");
    }

    @Test
    void escapesTheAlertsTextInHtml() {
        // given a summary and guidance with markup in them
        AlertRaised alert = new AlertRaised(1, "a-3", "p-3", RuleId.DOUBLE_DOSE, Severity.WARNING, null,
                "Dose <b>\"20 mg\" & more</b>", "<script>alert('x')</script>", null, null);

        // when
        RenderedEmail email = renderer.render(content.alert(alert, ZoneId.of("UTC"), 0, null));

        // then
        assertThat(email.html()).isEqualTo("""
                <!DOCTYPE html>
                <html><head><meta charset="UTF-8"><title>[WARNING] DOUBLE_DOSE - patient p-3</title></head>
                <body>
                <h1>[WARNING] DOUBLE_DOSE - patient p-3</h1>
                <h2>Summary</h2>
                <p>Dose &lt;b&gt;&quot;20 mg&quot; &amp; more&lt;/b&gt;</p>
                <h2>Guidance</h2>
                <p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>
                <h2>Details</h2>
                <ul>
                <li>Patient: p-3</li>
                <li>Alert id: a-3</li>
                </ul>
                </body></html>
                """);
    }

    @Test
    void numbersTheRemindersOfACriticalAlertAndCarriesTheAcknowledgementLink() {
        // given a CRITICAL alert and a recipient's acknowledgement link
        AlertRaised alert = new AlertRaised(1, "a-4", "p-4", RuleId.OVERDOSE_SIGNS, Severity.CRITICAL,
                Instant.parse("2026-11-24T08:00:00Z"), "Seizure reported.", "Call the emergency number.", null,
                null);
        java.net.URI link = java.net.URI.create("http://localhost:8082/api/v1/alerts/a-4/ack?token=x.y");

        // when its second reminder is written
        RenderedEmail email = renderer.render(content.alert(alert, ZoneId.of("Europe/Berlin"), 2, link));

        // then
        assertThat(email.subject()).isEqualTo("[CRITICAL] OVERDOSE_SIGNS - patient p-4 (reminder 2)");
        assertThat(email.text()).isEqualTo("""
                [CRITICAL] OVERDOSE_SIGNS - patient p-4 (reminder 2)

                Reminder
                This CRITICAL alert has not been acknowledged yet. This is reminder 2; reminders stop once someone acknowledges it.

                Summary
                Seizure reported.

                Guidance
                Call the emergency number.

                Acknowledge
                Open this link and press the button to acknowledge the alert and stop the reminders:
                http://localhost:8082/api/v1/alerts/a-4/ack?token=x.y

                Details
                - Patient: p-4
                - Raised: 2026-11-24 09:00 (Europe/Berlin, +01:00)
                - Alert id: a-4
                """);
        assertThat(email.html()).contains("<p><a href=\"http://localhost:8082/api/v1/alerts/a-4/ack?token=x.y\">");
    }

    @Test
    void listsTheDaysInfoAlertsOldestFirstInTheDigest() {
        // given two INFO alerts of one day, the later one first
        AlertRaised later = new AlertRaised(1, "i-2", "p-5", RuleId.SIDE_EFFECT_REPORTED, Severity.INFO,
                Instant.parse("2026-11-24T18:30:00Z"), "Headache reported.", null,
                new AlertEvidence(List.of("s-1"), null, null, null, null, List.of(Symptom.HEADACHE)), "baclofen@1");
        AlertRaised earlier = new AlertRaised(1, "i-1", "p-5", RuleId.MISSED_DOSES, Severity.INFO,
                Instant.parse("2026-11-24T06:00:00Z"), "2 of 3 doses taken on 2026-11-23.", "Take doses as advised.",
                null, "baclofen@1");

        // when the digest is written
        RenderedEmail email = renderer.render(content.digest("p-5", java.time.LocalDate.parse("2026-11-24"),
                ZoneId.of("Europe/Berlin"), List.of(later, earlier)));

        // then
        assertThat(email.subject()).isEqualTo("[INFO] DAILY_DIGEST - patient p-5");
        assertThat(email.text()).isEqualTo("""
                [INFO] DAILY_DIGEST - patient p-5

                Daily digest
                2 INFO alert(s) for patient p-5 on 2026-11-24 (Europe/Berlin). None of them needs action at once.

                MISSED_DOSES
                - Raised: 2026-11-24 07:00 (Europe/Berlin, +01:00)
                - Summary: 2 of 3 doses taken on 2026-11-23.
                - Guidance: Take doses as advised.
                - Alert id: i-1

                SIDE_EFFECT_REPORTED
                - Raised: 2026-11-24 19:30 (Europe/Berlin, +01:00)
                - Summary: Headache reported.
                - Evidence: Events: s-1
                - Evidence: Symptoms: HEADACHE
                - Alert id: i-2
                """);
    }
}
