package org.adherence.notification.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.adherence.notification.events.SendResult.Outcome;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;

/** What each refusal means and for whom, as Angus Mail reports it. */
class SmtpRepliesTest {

    private static SendFailedException refusedAtRcpt(int code, String text) throws Exception {
        InternetAddress address = new InternetAddress("someone@clinic.example");
        return new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(address, "RCPT TO", code,
                code + " " + text), new Address[0], new Address[0], new Address[] {address});
    }

    @Test
    void aRecipientRefusedWith4xxWaitsThatAddressAlone() throws Exception {
        assertThat(SmtpReplies.classify(refusedAtRcpt(451, "4.3.0 try again later"), false))
                .isEqualTo(new SmtpReplies.Classified(Outcome.TEMPORARY, "451 4.3.0"));
    }

    @Test
    void aRecipientRefusedWith5xxIsDeadLetteredForThatAddress() throws Exception {
        assertThat(SmtpReplies.classify(refusedAtRcpt(550, "5.1.1 no such user"), false))
                .isEqualTo(new SmtpReplies.Classified(Outcome.PERMANENT, "550 5.1.1"));
    }

    @Test
    void aPolicyRefusalOfOneAddressIsThatAddressesNotTheWholeSetUps() throws Exception {
        SmtpReplies.Classified relayDenied = SmtpReplies.classify(refusedAtRcpt(554,
                "5.7.1 <caregiver@elsewhere.example>: Relay access denied"), false);

        assertThat(relayDenied).isEqualTo(new SmtpReplies.Classified(Outcome.PERMANENT, "554 5.7.1"));
        assertThat(relayDenied.policyRefusal()).isTrue();
    }

    @Test
    void aRefusedSessionOrSenderIsTheSetUpsFaultForEveryEmail() {
        assertThat(SmtpReplies.classify(new SMTPSenderFailedException(null, "MAIL FROM", 553,
                "553 5.7.1 sender refused"), false).outcome()).isEqualTo(Outcome.SETUP);
        assertThat(SmtpReplies.classify(new SMTPSendFailedException("MAIL FROM", 530,
                "530 5.7.0 Must issue a STARTTLS command first", null, new Address[0], new Address[0],
                new Address[0]), false).outcome()).isEqualTo(Outcome.SETUP);
        assertThat(SmtpReplies.classify(new AuthenticationFailedException("535 5.7.8 bad credentials"), true))
                .isEqualTo(new SmtpReplies.Classified(Outcome.SETUP, "authentication failed"));
        assertThat(SmtpReplies.classify(new MessagingException("Could not connect to SMTP host",
                new ConnectException("Connection refused")), true).outcome()).isEqualTo(Outcome.SETUP);
    }

    @Test
    void aServerClosingTheSessionWith421IsTheSetUpsNotTheMessages() {
        assertThat(SmtpReplies.classify(new SMTPSendFailedException(".", 421, "421 4.3.2 closing", null,
                new Address[0], new Address[0], new Address[0]), false).outcome()).isEqualTo(Outcome.SETUP);
    }

    @Test
    void aMessageRefusedAfterDataIsThatEmailsFault() {
        assertThat(SmtpReplies.classify(new SMTPSendFailedException(".", 552, "552 5.3.4 message too big", null,
                new Address[0], new Address[0], new Address[0]), false))
                .isEqualTo(new SmtpReplies.Classified(Outcome.PERMANENT, "552 5.3.4"));
        assertThat(SmtpReplies.classify(new SMTPSendFailedException(".", 452, "452 4.3.1 out of storage", null,
                new Address[0], new Address[0], new Address[0]), false).outcome()).isEqualTo(Outcome.TEMPORARY);
    }

    @Test
    void anAddressThatIsNoAddressIsRefusedForGood() {
        assertThat(SmtpReplies.classify(new AddressException("Illegal whitespace", "a b"), false))
                .isEqualTo(new SmtpReplies.Classified(Outcome.PERMANENT, "invalid address"));
    }

    @Test
    void aConnectionLostMidMessageIsTriedAgain() {
        assertThat(SmtpReplies.classify(new MessagingException("Exception reading response",
                new java.net.SocketTimeoutException("Read timed out")), false).outcome()).isEqualTo(Outcome.TEMPORARY);
    }
}
