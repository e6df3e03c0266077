package org.adherence.notification.sending;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One sender's SMTP session, kept open for many emails ({@code MAIL}, {@code RCPT}, {@code DATA} per email; no new
 * connection, greeting and {@code EHLO} each time), closed after the configured number of emails, after a while
 * without work, and after any failure (the next email opens a new one). Used by one thread only.
 */
final class SmtpSession implements AutoCloseable {

    /** A send that failed; {@code connecting} when the session could not be opened at all. */
    static final class SendFailure extends Exception {

        private final boolean connecting;

        SendFailure(Throwable cause, boolean connecting) {
            super(cause);
            this.connecting = connecting;
        }

        boolean connecting() {
            return connecting;
        }
    }

    private static final long IDLE_CLOSE_MILLIS = 30_000;

    private final JavaMailSenderImpl mail;

    private final int maxMessages;

    private Transport transport;

    private int sent;

    private long lastUsed;

    SmtpSession(JavaMailSenderImpl mail, int maxMessages) {
        this.mail = mail;
        this.maxMessages = maxMessages;
    }

    jakarta.mail.Session mailSession() {
        return mail.getSession();
    }

    /** Returns once the mail server has accepted the message. */
    void send(MimeMessage message) throws SendFailure {
        if (transport == null || !transport.isConnected()) {
            close();
            try {
                transport = mail.getSession().getTransport(mail.getProtocol() == null ? "smtp" : mail.getProtocol());
                transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
            }
            catch (MessagingException | RuntimeException e) {
                close();
                throw new SendFailure(e, true);
            }
        }
        try {
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
        }
        catch (MessagingException | RuntimeException e) {
            // whatever state the server is in now, the next email starts afresh
            close();
            throw new SendFailure(e, false);
        }
        lastUsed = System.nanoTime();
        if (++sent >= maxMessages) {
            close();
        }
    }

    /** Closes the session if it has had nothing to do for a while: relays drop idle ones anyway. */
    void closeIfIdle() {
        if (transport != null && System.nanoTime() - lastUsed > IDLE_CLOSE_MILLIS * 1_000_000) {
            close();
        }
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            }
            catch (MessagingException closing) {
                // the session is given up either way
            }
            transport = null;
        }
        sent = 0;
    }
}
