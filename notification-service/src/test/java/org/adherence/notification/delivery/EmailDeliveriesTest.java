package org.adherence.notification.delivery;

import java.util.ArrayList;
import java.util.List;

import org.adherence.notification.delivery.EmailDeliveries.Result;
import org.adherence.notification.ledger.DeliveryNotRecordedException;
import org.junit.jupiter.api.Test;

import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How one alert's emails to a care team go out when the mail server or the broker fails for one of them. */
class EmailDeliveriesTest {

    private final List<String> tried = new ArrayList<>();

    @Test
    void aMailboxRefusingForAWhileDoesNotHoldBackTheRestOfTheCareTeam() {
        // given a caregiver listed first whose mailbox the mail server refuses for now (452, full)
        MailSendException full = new MailSendException("452 4.2.2 mailbox full");

        // when the alert is delivered to the team
        assertThatThrownBy(() -> EmailDeliveries.toEach(List.of("sam", "neuro", "nurse"), recipient -> {
            tried.add(recipient);
            if (recipient.equals("sam")) {
                throw full;
            }
            return Result.SENT;
        }))
                // then the failure is still thrown, so the alert is tried again later
                .isSameAs(full);

        // and the physician and the nurse got it meanwhile
        assertThat(tried).containsExactly("sam", "neuro", "nurse");
    }

    @Test
    void aLedgerWriteTheBrokerDidNotAcknowledgeStopsAtOnce() {
        // an email recorded nowhere but in memory must stay the only one: nobody else is mailed meanwhile
        RuntimeException notRecorded = new DeliveryNotRecordedException(
                new org.adherence.contracts.events.NotificationDelivered(1, "alert-1", "p-1", "neuro", null, null,
                        null), new IllegalStateException("broker down"));

        assertThatThrownBy(() -> EmailDeliveries.toEach(List.of("neuro", "nurse"), recipient -> {
            tried.add(recipient);
            throw notRecorded;
        })).isSameAs(notRecorded);

        assertThat(tried).containsExactly("neuro");
    }

    @Test
    void returnsEachRecipientsResultInOrder() {
        assertThat(EmailDeliveries.toEach(List.of("a", "b", "c"),
                recipient -> recipient.equals("b") ? Result.FAILED : Result.SENT))
                .containsExactly(Result.SENT, Result.FAILED, Result.SENT);
    }
}
