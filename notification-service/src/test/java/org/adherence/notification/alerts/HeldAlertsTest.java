package org.adherence.notification.alerts;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.adherence.notification.careteam.Directories;
import org.adherence.notification.delivery.DeadLetters;
import org.adherence.notification.delivery.EmailDeliveries;
import org.adherence.notification.delivery.NotificationMetrics;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.email.AlertEmailRenderer;
import org.adherence.notification.email.AlertEmailSender;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.Ledgers;
import org.adherence.notification.support.Fixtures;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Held alerts mailed once their care team is known, in one round, when one of them cannot be mailed yet. The broker
 * and the mail server are stand-ins here: the round itself is what is tested; AlertMailingTest runs the real ones.
 */
class HeldAlertsTest {

    private final List<String> mailedTo = new ArrayList<>();

    private String refusingForNow;

    @Test
    void oneHeldAlertThatCannotBeMailedYetDoesNotHoldBackTheOthers() {
        // given ten alerts held for patients whose care teams are now known
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            patients.add(Fixtures.newPatientId("p-held"));
        }
        PendingAlerts pending = new PendingAlerts(typed(kafka()));
        patients.forEach(patientId -> {
            AlertRaised alert = Fixtures.alert(patientId, RuleId.SINGLE_DOSE_ABOVE_MAX);
            pending.apply(alert.alertId(), alert);
        });
        pending.markLoaded();
        // and the mail server refusing for now (a full mailbox) the caregiver of the one that is tried first
        String first = pending.all().get(0).patientId();
        refusingForNow = Fixtures.careTeamOf(first).get(2).email();
        AlertDispatcher dispatcher = dispatcher(pending, patients.stream().map(patientId ->
                Fixtures.profileOf(patientId, Fixtures.careTeamOf(patientId))).toArray(PatientProfileUpdated[]::new));

        // when held alerts are looked at once
        dispatcher.retryPending();

        // then everyone else is mailed, the refusing caregiver's alert is still held for the next round
        List<String> expected = new ArrayList<>();
        patients.forEach(patientId -> Fixtures.careTeamOf(patientId).forEach(member -> expected.add(member.email())));
        expected.remove(refusingForNow);
        assertThat(mailedTo).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pending.all()).extracting(AlertRaised::patientId).containsExactly(first);
    }

    private AlertDispatcher dispatcher(PendingAlerts pending, PatientProfileUpdated... profiles) {
        KafkaOperations<String, Object> kafka = kafka();
        DeliveryLedger ledger = Ledgers.loaded(typed(kafka));
        CareTeamDirectory directory = Directories.of(profiles);
        NotificationProperties properties = new NotificationProperties("alerts@adherence.local",
                Duration.ofMinutes(15), URI.create("http://localhost:8082"),
                new NotificationProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)), false,
                NotificationProperties.DEV_ACK_SIGNING_KEY, Duration.ofDays(7), Duration.ofMinutes(1));
        NotificationMetrics metrics = new NotificationMetrics(new SimpleMeterRegistry());
        EmailDeliveries deliveries = new EmailDeliveries(ledger, new DeadLetters(typed(kafka)),
                new AlertEmailSender(new RecordingMailServer(), properties), metrics, Clock.systemUTC());
        return new AlertDispatcher(directory, ledger, new AlertEmailRenderer(), deliveries, pending,
                new AlertsTakenIn(typed(kafka)), null, new AckTokens(properties, Clock.systemUTC()),
                owningEveryPatient(), metrics);
    }

    private static PartitionOwnership owningEveryPatient() {
        PartitionOwnership ownership = new PartitionOwnership(List.of());
        @SuppressWarnings("unchecked")
        Consumer<String, AlertRaised> consumer = mock(Consumer.class);
        when(consumer.partitionsFor(Topics.ALERTS.name()))
                .thenReturn(List.of(new PartitionInfo(Topics.ALERTS.name(), 0, null, null, null)));
        ownership.onPartitionsAssigned(consumer, List.of(new TopicPartition(Topics.ALERTS.name(), 0)));
        return ownership;
    }

    @SuppressWarnings("unchecked")
    private static KafkaOperations<String, Object> kafka() {
        KafkaOperations<String, Object> kafka = mock(KafkaOperations.class);
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        return kafka;
    }

    @SuppressWarnings("unchecked")
    private static <V> KafkaOperations<String, V> typed(KafkaOperations<String, Object> kafka) {
        return (KafkaOperations<String, V>) (KafkaOperations<String, ?>) kafka;
    }

    /** Takes every email but those to the address it refuses for now, as a mail server with a full mailbox. */
    private final class RecordingMailServer extends JavaMailSenderImpl {

        @Override
        protected void doSend(MimeMessage[] messages, Object[] originals) throws MailException {
            for (MimeMessage message : messages) {
                try {
                    for (Address recipient : message.getAllRecipients()) {
                        if (recipient.toString().equals(refusingForNow)) {
                            throw new MailSendException("452 4.2.2 mailbox full");
                        }
                    }
                    mailedTo.addAll(Arrays.stream(message.getAllRecipients()).map(Address::toString).toList());
                }
                catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
