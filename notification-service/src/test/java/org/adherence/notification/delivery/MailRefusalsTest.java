package org.adherence.notification.delivery;

import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;

class MailRefusalsTest {

    @Test
    void aRecipientRefusedWith5xxIsPermanent() throws Exception {
        InternetAddress address = new InternetAddress("gone@clinic.example");
        SMTPAddressFailedException refused =
                new SMTPAddressFailedException(address, "RCPT TO", 550, "5.1.1 no such user");
        MailSendException failure = new MailSendException(Map.of(new Object(),
                new SendFailedException("Invalid Addresses", refused, new Address[0], new Address[0],
                        new Address[] {address})));

        assertThat(MailRefusals.permanentReason(failure)).contains("SMTP 550 (SMTPAddressFailedException)");
    }

    @Test
    void aRecipientRefusedWith4xxIsTemporary() throws Exception {
        InternetAddress address = new InternetAddress("busy@clinic.example");
        SMTPAddressFailedException refused =
                new SMTPAddressFailedException(address, "RCPT TO", 450, "4.2.1 try again later");
        MailSendException failure = new MailSendException(Map.of(new Object(),
                new SendFailedException("Invalid Addresses", refused, new Address[0], new Address[] {address},
                        new Address[0])));

        assertThat(MailRefusals.permanentReason(failure)).isEmpty();
    }

    @Test
    void anAddressThatIsNoAddressIsPermanent() {
        MailParseException failure = new MailParseException(new AddressException("Illegal whitespace", "a b"));

        assertThat(MailRefusals.permanentReason(failure)).contains("invalid address (AddressException)");
    }

    @Test
    void aMailServerThatIsDownIsTemporary() {
        MailSendException failure = new MailSendException("Mail server connection failed",
                new MessagingException("Could not connect to SMTP host", new java.net.ConnectException()));

        assertThat(MailRefusals.permanentReason(failure)).isEmpty();
    }

    @Test
    void aMailServerThatRefusesTheSessionOrSenderWith5xxIsTemporaryNotADeadLetterOfEveryAlert() {
        // a set-up fault of this service (STARTTLS or authentication required) refuses every email alike
        SMTPSendFailedException mustStartTls = new SMTPSendFailedException("MAIL FROM", 530,
                "530 5.7.0 Must issue a STARTTLS command first", null, new Address[0], new Address[0],
                new Address[0]);

        assertThat(MailRefusals.permanentReason(new MailSendException("Failed messages", mustStartTls))).isEmpty();
    }

    @Test
    void aRecipientRefusedForPolicyLikeRelayingDeniedIsTemporary() throws Exception {
        InternetAddress address = new InternetAddress("neuro@clinic.example");
        SMTPAddressFailedException relayDenied = new SMTPAddressFailedException(address, "RCPT TO", 554,
                "554 5.7.1 <neuro@clinic.example>: Relay access denied");
        MailSendException failure = new MailSendException(Map.of(new Object(),
                new SendFailedException("Invalid Addresses", relayDenied, new Address[0], new Address[0],
                        new Address[] {address})));

        assertThat(MailRefusals.permanentReason(failure)).isEmpty();
    }
}
