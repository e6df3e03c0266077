package org.adherence.notification.sending;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Message-IDs derived from the email's ledger key ({@code <hash of the key>@<the sender's domain>}): an email sent
 * twice (the documented window of a crash between the mail server's acceptance and its record) carries the same
 * Message-ID both times, so that it is recognisable as a repeat, and a mail system that deduplicates by Message-ID
 * shows it once. The key is hashed: the address in it does not reach the headers.
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static String of(String emailKey, String from) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(emailKey.getBytes(StandardCharsets.UTF_8));
            String domain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A message that keeps the Message-ID it is given when it is saved, rather than making a random one. */
    static final class Keyed extends MimeMessage {

        private final String messageId;

        Keyed(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
