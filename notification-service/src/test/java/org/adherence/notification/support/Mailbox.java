package org.adherence.notification.support;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** What a GreenMail server has received, per recipient address. */
public final class Mailbox {

    private Mailbox() {
    }

    public static List<MimeMessage> messagesTo(GreenMailOperations mail, String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> isTo(message, address)).toList();
    }

    public static List<String> subjectsTo(GreenMailOperations mail, String address) {
        return messagesTo(mail, address).stream().map(Mailbox::subjectOf).toList();
    }

    /** The text and HTML parts of a multipart/alternative message, with line ends as written. */
    public static List<String> alternativesOf(MimeMessage message) {
        try {
            MimeMultipart multipart = (MimeMultipart) message.getContent();
            return List.of(
                    multipart.getContentType().split(";")[0],
                    multipart.getBodyPart(0).getContentType().split(";")[0],
                    ((String) multipart.getBodyPart(0).getContent()).replace("\r\n", "\n"),
                    multipart.getBodyPart(1).getContentType().split(";")[0],
                    ((String) multipart.getBodyPart(1).getContent()).replace("\r\n", "\n"));
        }
        catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(r -> ((InternetAddress) r).getAddress().equalsIgnoreCase(address));
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
