package org.adherence.notification.sending;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;

import org.adherence.notification.events.SendResult.Outcome;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What a failed send means, and for whom (RFC 5321 reply codes, RFC 3463 enhanced status):
 * <ul>
 *   <li>the recipient refused at {@code RCPT TO}: {@code 4xx} for a while ({@link Outcome#TEMPORARY}), {@code 5xx} for
 *   good ({@link Outcome#PERMANENT}), a {@code 5.7.x} policy refusal (relaying denied for that domain) included;
 *   these concern that address alone;</li>
 *   <li>the message refused after {@code DATA}: the same, for that email alone;</li>
 *   <li>the session refused (the greeting, {@code 421}, authentication, {@code STARTTLS}), the sender refused at
 *   {@code MAIL FROM}, or no connection: {@link Outcome#SETUP}, the same for every email;</li>
 *   <li>an address that is no address: {@link Outcome#PERMANENT};</li>
 *   <li>anything else while sending (a connection lost mid-message): {@link Outcome#TEMPORARY}.</li>
 * </ul>
 * The reply kept is the code and the enhanced status only: a server's text may name the address.
 */
public final class SmtpReplies {

    private static final Pattern ENHANCED_STATUS = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");

    private SmtpReplies() {
    }

    /** A failure's meaning, and the reply that says so ({@code "550 5.1.1"}, or the exception's kind). */
    public record Classified(Outcome outcome, String reply) {

        /** Whether it is a policy refusal of an address ({@code 5.7.x}). */
        public boolean policyRefusal() {
            return outcome == Outcome.PERMANENT && reply.contains(" 5.7.");
        }
    }

    /**
     * @param connecting whether the failure came while opening the session (then anything is a set-up fault)
     */
    public static Classified classify(Throwable failure, boolean connecting) {
        List<Throwable> chain = chainOf(failure);
        for (Throwable each : chain) {
            if (each instanceof SMTPAddressFailedException refused) {
                int code = refused.getReturnCode();
                return new Classified(code >= 500 ? Outcome.PERMANENT : Outcome.TEMPORARY, reply(code, refused));
            }
        }
        for (Throwable each : chain) {
            if (each instanceof SMTPSenderFailedException refused) {
                return new Classified(Outcome.SETUP, reply(refused.getReturnCode(), refused));
            }
            if (each instanceof SMTPSendFailedException refused) {
                int code = refused.getReturnCode();
                boolean message = refused.getCommand() != null && !refused.getCommand().startsWith("MAIL")
                        && !refused.getCommand().startsWith("AUTH") && !refused.getCommand().startsWith("STARTTLS");
                if (code == 421 || !message) {
                    return new Classified(Outcome.SETUP, reply(code, refused));
                }
                return new Classified(code >= 500 ? Outcome.PERMANENT : Outcome.TEMPORARY, reply(code, refused));
            }
        }
        for (Throwable each : chain) {
            if (each instanceof AuthenticationFailedException) {
                return new Classified(Outcome.SETUP, "authentication failed");
            }
            if (each instanceof AddressException) {
                return new Classified(Outcome.PERMANENT, "invalid address");
            }
        }
        if (connecting || chain.stream().anyMatch(SmtpReplies::isConnectionFailure)) {
            return new Classified(Outcome.SETUP, "no session (" + rootOf(chain).getClass().getSimpleName() + ")");
        }
        return new Classified(Outcome.TEMPORARY, "not sent (" + rootOf(chain).getClass().getSimpleName() + ")");
    }

    private static boolean isConnectionFailure(Throwable failure) {
        return failure instanceof java.net.ConnectException || failure instanceof java.net.UnknownHostException
                || failure instanceof org.eclipse.angus.mail.util.MailConnectException;
    }

    private static String reply(int code, MessagingException refused) {
        String message = refused.getMessage() == null ? "" : refused.getMessage();
        Matcher status = ENHANCED_STATUS.matcher(message);
        return code + (status.find() ? " " + status.group(1) : "");
    }

    private static Throwable rootOf(List<Throwable> chain) {
        return chain.get(chain.size() - 1);
    }

    /** The failure, its causes, and the failures Jakarta Mail nests in its own. */
    private static List<Throwable> chainOf(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Deque<Throwable> toVisit = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        toVisit.add(failure);
        while (!toVisit.isEmpty()) {
            Throwable current = toVisit.poll();
            if (!seen.add(current)) {
                continue;
            }
            chain.add(current);
            if (current instanceof MessagingException messaging && messaging.getNextException() != null) {
                toVisit.add(messaging.getNextException());
            }
            if (current.getCause() != null) {
                toVisit.add(current.getCause());
            }
        }
        return chain;
    }
}
