package org.adherence.notification.delivery;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;

import org.springframework.mail.MailSendException;

/**
 * Tells a permanent refusal of an email (a 5xx reply, an address the server or the client rejects) from a
 * temporary one (server down, 4xx): the first goes to the dead letters, the second is tried again.
 */
public final class MailRefusals {

    private static final Pattern POLICY_STATUS = Pattern.compile("(^|\\s)5\\.7\\.\\d{1,3}(?!\\d)");

    private MailRefusals() {
    }

    /**
     * Why the email was refused for good, if it was; never the message text, which may carry an address.
     * <p>
     * Only a refusal of the recipient is permanent: a {@code 5xx} reply to {@code RCPT TO}, or an address the mail
     * client rejects. A {@code 5xx} to anything else (authentication, {@code STARTTLS} required, the sender, the
     * message) and a {@code 5.7.x} policy reply to {@code RCPT TO} (relaying denied) say that this service's mail
     * set-up is wrong, not the address: they would refuse every email alike, so dead-lettering them would drop every
     * alert; they are retried until the set-up is fixed.
     */
    public static Optional<String> permanentReason(Throwable failure) {
        List<Throwable> chain = chainOf(failure);
        // the mail server's reply to the recipient decides, where there is one
        for (Throwable each : chain) {
            Integer code = smtpReturnCode(each);
            if (code != null && isRecipientRefusal(each)) {
                // RFC 5321: 5yz is a permanent negative reply, 4yz a transient one
                return code >= 500 && code < 600 && !isPolicyRefusal(each)
                        ? Optional.of("SMTP " + code + " (" + each.getClass().getSimpleName() + ")")
                        : Optional.empty();
            }
        }
        for (Throwable each : chain) {
            if (smtpReturnCode(each) != null) {
                // the session, the sender or the message was refused: the same for every address
                return Optional.empty();
            }
        }
        for (Throwable each : chain) {
            if (each instanceof AddressException) {
                return Optional.of("invalid address (" + each.getClass().getSimpleName() + ")");
            }
            if (each instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                    && sendFailed.getInvalidAddresses().length > 0
                    && (sendFailed.getValidUnsentAddresses() == null
                        || sendFailed.getValidUnsentAddresses().length == 0)) {
                return Optional.of("address refused by the mail server (SendFailedException)");
            }
        }
        return Optional.empty();
    }

    /** The reply to {@code RCPT TO} (Angus Mail's SMTPAddressFailedException), not to the session or message. */
    private static boolean isRecipientRefusal(Throwable failure) {
        return failure.getClass().getSimpleName().equals("SMTPAddressFailedException");
    }

    /** RFC 3463 class 5.7, security or policy: relaying denied, authentication required. */
    private static boolean isPolicyRefusal(Throwable failure) {
        return failure.getMessage() != null && POLICY_STATUS.matcher(failure.getMessage()).find();
    }

    /** The failure, its causes, and the failures Spring and Jakarta Mail nest in theirs. */
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
            if (current instanceof MailSendException mailSend) {
                for (Exception each : mailSend.getMessageExceptions()) {
                    visitLater(toVisit, each);
                }
            }
            if (current instanceof jakarta.mail.MessagingException messaging) {
                visitLater(toVisit, messaging.getNextException());
            }
            visitLater(toVisit, current.getCause());
        }
        return chain;
    }

    private static void visitLater(Deque<Throwable> toVisit, Throwable next) {
        if (next != null) {
            toVisit.add(next);
        }
    }

    /** The reply code of Angus Mail's SMTP exceptions, read without tying this code to that implementation. */
    private static Integer smtpReturnCode(Throwable failure) {
        if (!failure.getClass().getName().contains(".smtp.")) {
            return null;
        }
        try {
            Method getter = failure.getClass().getMethod("getReturnCode");
            return getter.invoke(failure) instanceof Integer code && code > 0 ? code : null;
        }
        catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
