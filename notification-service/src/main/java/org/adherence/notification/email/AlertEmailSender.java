package org.adherence.notification.email;

import java.nio.charset.StandardCharsets;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import org.adherence.notification.NotificationProperties;

import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Hands an alert's email for one recipient to the mail server, as multipart/alternative (text, then HTML). */
@Component
public class AlertEmailSender {

    private final JavaMailSender mailSender;
    private final NotificationProperties properties;

    public AlertEmailSender(JavaMailSender mailSender, NotificationProperties properties) {
        this.mailSender = mailSender;
        this.properties = properties;
    }

    /** Returns once the mail server has accepted the email. */
    public void send(String recipient, AlertEmail email) throws MailException {
        mailSender.send(message -> {
            message.setFrom(new InternetAddress(properties.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
            // the last part is the one a mail client prefers
            message.setContent(new MimeMultipart("alternative", text, html));
        });
    }
}
