package org.adherence.notification.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.NotificationDelivered;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/** The ledger's bookkeeping when the broker refuses a write; the broker itself is covered by the restart test. */
class DeliveryLedgerTest {

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, NotificationDelivered> kafka = mock(KafkaOperations.class);

    private final DeliveryLedger ledger = new DeliveryLedger(kafka, mock(ApplicationEventPublisher.class));

    private final NotificationDelivered delivery = new NotificationDelivered(1, "alert-1", "p-1",
            "Neuro@Clinic.example", RuleId.DAILY_MAX_EXCEEDED, Severity.HIGH, Instant.EPOCH);

    @Test
    void anAddressMailedWhoseLedgerWriteFailedIsNeverMailedAgainAndIsWrittenOnceTheBrokerIsBack() {
        when(kafka.send(anyString(), anyString(), any()))
                .thenReturn(CompletableFuture.failedFuture(new NotEnoughReplicasException("one replica left")))
                .thenReturn(CompletableFuture.failedFuture(new NotEnoughReplicasException("still")))
                .thenReturn(CompletableFuture.completedFuture((SendResult<String, NotificationDelivered>) null));

        assertThatThrownBy(() -> ledger.record(delivery)).isInstanceOf(DeliveryNotRecordedException.class);
        assertThat(ledger.alreadyDelivered("alert-1", "neuro@clinic.example")).isTrue();

        assertThatThrownBy(ledger::recordUnrecorded).isInstanceOf(DeliveryNotRecordedException.class);
        ledger.recordUnrecorded();

        assertThat(ledger.alreadyDelivered("alert-1", "neuro@clinic.example")).isTrue();
        verify(kafka, times(3)).send(eq(Topics.NOTIFICATION_DELIVERIES.name()), eq("alert-1|neuro@clinic.example"),
                eq(delivery));
        ledger.recordUnrecorded();
        verify(kafka, times(3)).send(anyString(), anyString(), any());
    }
}
