package org.adherence.notification.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.Mailbox;
import org.adherence.notification.support.ServiceInstances;
import org.adherence.notification.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many alerts through whole instances of the service, against the same broker and SMTP server, while instances
 * stop, start and run side by side and while the mail server is down: every email arrives, and none twice.
 * Each alert's email names its alert id; a marker alert per patient, mailed after the patient's other alerts
 * (same partition), shows that nothing more is coming.
 */
class ExactlyOnceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final int SMTP_PORT = ServiceInstances.freePort();

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    @Test
    void mailsEachAlertOnceWhenTheServiceRestartsMidBatch() {
        // given 60 alerts of 4 patients, and an instance that stops while mailing them
        Batch batch = new Batch("p-midbatch", 4, 15);
        try (ConfigurableApplicationContext first = ServiceInstances.start(SMTP_PORT)) {
            batch.publish();
            await().atMost(PATIENCE).until(() -> batch.mailed() >= 20);
        }

        // when a fresh instance takes over
        try (ConfigurableApplicationContext second = ServiceInstances.start(SMTP_PORT)) {
            // then every alert reaches each clinician exactly once
            batch.assertEachMailedExactlyOnce();
        }
    }

    @Test
    void twoInstancesSideBySideMailEachAlertOnce() {
        // given one instance mailing a batch, and a second one of the same group joining while it does
        Batch batch = new Batch("p-pair", 10, 10);
        try (ConfigurableApplicationContext first = ServiceInstances.start(SMTP_PORT)) {
            batch.publish();
            await().atMost(PATIENCE).until(() -> batch.mailed() >= 10);
            try (ConfigurableApplicationContext second = ServiceInstances.start(SMTP_PORT)) {
                // then every alert reaches each clinician exactly once, between them
                batch.assertEachMailedExactlyOnce();
                assertThat(sent(first) + sent(second)).isEqualTo(batch.expectedEmails());
                assertThat(sent(second)).isPositive();
            }
        }
    }

    @Test
    void losesNothingWhileTheMailServerIsDownFor30Seconds() {
        // given a running instance and a mail server that goes down
        Batch batch = new Batch("p-outage", 20, 10);
        try (ConfigurableApplicationContext service = ServiceInstances.start(SMTP_PORT)) {
            mail.stop();
            try {
                // when 200 alerts arrive during 30 seconds without a mail server
                batch.publish();
                await().pollDelay(Duration.ofSeconds(30)).atMost(PATIENCE).until(() -> retried(service) >= 3);
            }
            finally {
                mail.start();
            }

            // then, once it is back, every alert reaches each clinician exactly once
            batch.assertEachMailedExactlyOnce();
        }
    }

    private static double sent(ConfigurableApplicationContext service) {
        return count(service, "sent");
    }

    private static double retried(ConfigurableApplicationContext service) {
        return count(service, "retried");
    }

    private static double count(ConfigurableApplicationContext service, String outcome) {
        return service.getBean(MeterRegistry.class).find("adherence.notifications").tag("outcome", outcome)
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    /** WARNING alerts of a few patients, each mailed to the patient's two clinicians. */
    private static final class Batch {

        private final Map<String, List<CareTeamMember>> teams = new TreeMap<>();
        private final Map<String, List<AlertRaised>> alerts = new TreeMap<>();

        Batch(String prefix, int patients, int alertsEach) {
            for (int p = 0; p < patients; p++) {
                String patientId = Fixtures.newPatientId(prefix);
                teams.put(patientId, Fixtures.careTeamOf(patientId));
                List<AlertRaised> ofPatient = new ArrayList<>();
                for (int i = 0; i < alertsEach; i++) {
                    AlertRaised template = Fixtures.alert(patientId, RuleId.DOUBLE_DOSE);
                    ofPatient.add(new AlertRaised(1, template.alertId() + "-" + i, patientId, template.rule(),
                            template.severity(), template.raisedAt(), template.summary(), template.guidance(),
                            template.evidence(), template.rulePack()));
                }
                alerts.put(patientId, ofPatient);
            }
        }

        void publish() {
            teams.forEach((patientId, team) ->
                    TestKafka.publish(Topics.PATIENT_PROFILES, patientId, Fixtures.profileOf(patientId, team)));
            for (int i = 0; i < alerts.values().iterator().next().size(); i++) {
                for (List<AlertRaised> ofPatient : alerts.values()) {
                    TestKafka.publish(Topics.ALERTS, ofPatient.get(i).patientId(), ofPatient.get(i));
                }
            }
        }

        /** Each alert and each patient's marker, to both clinicians. */
        int expectedEmails() {
            return (alerts.values().stream().mapToInt(List::size).sum() + alerts.size()) * 2;
        }

        long mailed() {
            return teams.values().stream().mapToLong(team -> alertIdsMailedTo(team.get(0).email()).size()
                    + alertIdsMailedTo(team.get(1).email()).size()).sum();
        }

        void assertEachMailedExactlyOnce() {
            Map<String, AlertRaised> markers = new TreeMap<>();
            teams.keySet().forEach(patientId -> {
                AlertRaised marker = Fixtures.alert(patientId, RuleId.TITRATION_TOO_FAST);
                markers.put(patientId, marker);
                TestKafka.publish(Topics.ALERTS, patientId, marker);
            });
            await().atMost(PATIENCE).untilAsserted(() -> teams.forEach((patientId, team) -> Stream.of(team.get(0),
                    team.get(1)).forEach(clinician -> assertThat(alertIdsMailedTo(clinician.email()))
                    .contains(markers.get(patientId).alertId()))));
            teams.forEach((patientId, team) -> {
                List<String> expected = new ArrayList<>(alerts.get(patientId).stream().map(AlertRaised::alertId)
                        .toList());
                expected.add(markers.get(patientId).alertId());
                assertThat(alertIdsMailedTo(team.get(0).email())).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(alertIdsMailedTo(team.get(1).email())).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(alertIdsMailedTo(team.get(2).email())).isEmpty();
            });
        }

        private static List<String> alertIdsMailedTo(String address) {
            return Mailbox.messagesTo(mail, address).stream().map(Batch::alertIdOf).toList();
        }

        private static String alertIdOf(MimeMessage message) {
            String text = Mailbox.alternativesOf(message).get(2);
            int start = text.indexOf("- Alert id: ") + "- Alert id: ".length();
            return text.substring(start, text.indexOf('\n', start));
        }
    }
}
