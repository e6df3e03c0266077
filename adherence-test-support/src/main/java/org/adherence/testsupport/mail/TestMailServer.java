package org.adherence.testsupport.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A real SMTP server for tests (SubEthaSMTP, over TCP on a free loopback port) that keeps every email it accepts, one
 * copy per recipient, and that can be told to refuse: every session at once (a mail server that is down for
 * maintenance, {@code 421} to everything), or chosen addresses at {@code RCPT TO} with a reply of the test's choice
 * ({@code 451 4.3.0} for a while, {@code 550 5.1.1} or {@code 554 5.7.1 relaying denied} for good).
 */
public final class TestMailServer implements AutoCloseable {

    private static final Session PARSING = Session.getInstance(new Properties());

    private final SMTPServer server;

    private final List<Mail> received = new CopyOnWriteArrayList<>();

    private final Map<String, Refusal> refusedAddresses = new ConcurrentHashMap<>();

    private final AtomicReference<Refusal> refusingSessions = new AtomicReference<>();

    private final LongAdder refusals = new LongAdder();

    private volatile long delayMillis;

    /** An email as one recipient received it. */
    public record Mail(String recipient, String sender, Instant receivedAt, MimeMessage message) {

        public String subject() {
            try {
                return message.getSubject();
            }
            catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The {@code Message-ID} header, or null. */
        public String messageId() {
            try {
                return message.getMessageID();
            }
            catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The first {@code text/plain} part, line ends as {@code \n}; empty when there is none. */
        public String text() {
            try {
                return Optional.ofNullable(part(message, "text/plain")).orElse("");
            }
            catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The first {@code text/html} part; empty when there is none. */
        public String html() {
            try {
                return Optional.ofNullable(part(message, "text/html")).orElse("");
            }
            catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The content of the first part of a MIME type in a message, searching nested multiparts, line ends as {@code \n};
     * null when there is none.
     */
    public static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return part.getContent().toString().replace("\r\n", "\n");
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** An SMTP reply the server gives instead of accepting. */
    public record Refusal(int code, String text) {
    }

    private TestMailServer() {
        server = SMTPServer.port(0)
                .hostName("localhost")
                .bindAddress(java.net.InetAddress.getLoopbackAddress())
                .softwareName("adherence-test-mail-server")
                .messageHandlerFactory(this::handler)
                .sessionHandler(new Sessions())
                .build();
        server.start();
    }

    /** A server listening on a free loopback port. Close it. */
    public static TestMailServer start() {
        return new TestMailServer();
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** Every email accepted so far, one per recipient, in the order accepted. */
    public List<Mail> received() {
        return List.copyOf(received);
    }

    public List<Mail> received(Predicate<Mail> which) {
        return received.stream().filter(which).toList();
    }

    /** How many times a session or a recipient was refused so far. */
    public long refusals() {
        return refusals.sum();
    }

    /**
     * Refuses every new session with this reply at once (greeting), and every email of a session already open (at
     * {@code MAIL FROM}), as a server down for maintenance does.
     */
    public void refuseEverything(int code, String text) {
        refusingSessions.set(new Refusal(code, text));
    }

    /** Refuses one address at {@code RCPT TO} with this reply (case-insensitive), until {@link #accept(String)}. */
    public void refuse(String address, int code, String text) {
        refusedAddresses.put(normal(address), new Refusal(code, text));
    }

    /** Takes back the refusal of one address. */
    public void accept(String address) {
        refusedAddresses.remove(normal(address));
    }

    /** Takes back every refusal: sessions and addresses. */
    public void acceptEverything() {
        refusingSessions.set(null);
        refusedAddresses.clear();
    }

    /** Takes this long over each email from now on (a slow or distant mail server); zero takes it at once. */
    public void delayEachEmail(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Forgets the emails received so far. */
    public void purge() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String normal(String address) {
        return address.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {

            private String sender;

            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String from) throws RejectException {
                // a session opened before the refusing began is refused at its next email
                Refusal refusal = refusingSessions.get();
                if (refusal != null) {
                    refusals.increment();
                    throw new RejectException(refusal.code(), refusal.text());
                }
                sender = from;
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                Refusal refusal = refusedAddresses.get(normal(recipient));
                if (refusal != null) {
                    refusals.increment();
                    throw new RejectException(refusal.code(), refusal.text());
                }
                recipients.add(recipient);
            }

            @Override
            public String data(InputStream data) throws IOException {
                byte[] raw = data.readAllBytes();
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                Instant now = Instant.now();
                for (String recipient : recipients) {
                    try {
                        received.add(new Mail(recipient, sender, now,
                                new MimeMessage(PARSING, new ByteArrayInputStream(raw))));
                    }
                    catch (MessagingException e) {
                        throw new IOException("Not a MIME message", e);
                    }
                }
                return null;
            }

            @Override
            public void done() {
                // nothing held per session
            }
        };
    }

    private final class Sessions implements SessionHandler {

        @Override
        public SessionAcceptance accept(org.subethamail.smtp.server.Session session) {
            Refusal refusal = refusingSessions.get();
            if (refusal == null) {
                return SessionAcceptance.success();
            }
            refusals.increment();
            return SessionAcceptance.failure(refusal.code(), refusal.text());
        }

        @Override
        public void onSessionEnd(org.subethamail.smtp.server.Session session) {
            // nothing held per session
        }
    }
}
