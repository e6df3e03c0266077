package org.adherence.notification.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.metrics.NotificationMetrics;

/**
 * What the senders know of the mail server, for the hand-out, the health and the metrics:
 * <ul>
 *   <li><b>sessions</b>: a server that refuses every session, or cannot be reached, refuses every email alike; while
 *   it does, the topology hands out one email now and then (the probe, after the configured back-off) rather than
 *   everything, and the first acceptance opens the way again;</li>
 *   <li><b>policy refusals of every address</b>: a server that takes sessions but refuses every recipient for policy
 *   ({@code 5.7.x}, relaying denied) in two domains or more, with no acceptance in between, is most likely set up
 *   wrong, not the addresses: it is said so (health, a gauge for an alerting rule). Each address is still
 *   dead-lettered as it is refused; nothing is held back for it.</li>
 * </ul>
 * Thread-safe: senders report, the stream threads and the health endpoint read.
 */
public final class MailServerState {

    /** How many of the latest recipients' outcomes the policy detector looks at. */
    static final int WINDOW = 20;

    /** How many policy refusals among them, with no acceptance, make it a fault of the set-up. */
    static final int POLICY_REFUSALS = 5;

    private final NotificationProperties.Retry backOff;

    private final NotificationMetrics metrics;

    private boolean up = true;

    private Instant downSince;

    private String lastRefusal;

    private int failures;

    private Instant nextProbe = Instant.MIN;

    private boolean probing;

    /** The latest recipients' outcomes: the domain of a policy refusal, or null for an acceptance. */
    private final Deque<String> recent = new ArrayDeque<>();

    public MailServerState(NotificationProperties.Retry backOff, NotificationMetrics metrics) {
        this.backOff = backOff;
        this.metrics = metrics;
    }

    /** A snapshot for the health endpoint. */
    public record Snapshot(boolean up, Instant downSince, String lastRefusal, boolean refusingEveryAddress) {
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(up, downSince, lastRefusal, refusingEveryAddress());
    }

    /** Whether to take an email now: always while up; while down, one per back-off (the probe). */
    public synchronized boolean isUp() {
        return up;
    }

    /** Whether {@link #mayHandOut} would say yes now, without taking the probe. */
    public synchronized boolean takesEmails(Instant now) {
        return up || !probing && !now.isBefore(nextProbe);
    }

    public synchronized boolean mayHandOut(Instant now) {
        if (up) {
            return true;
        }
        if (probing || now.isBefore(nextProbe)) {
            return false;
        }
        probing = true;
        return true;
    }

    /** The mail server accepted an email. */
    public synchronized void accepted() {
        if (!up) {
            up = true;
            downSince = null;
            metrics.mailServerUp(true);
        }
        failures = 0;
        probing = false;
        remember(null);
    }

    /** The mail server refused the session, or could not be reached. */
    public synchronized void refusedSession(Instant now, String reply) {
        if (up) {
            up = false;
            downSince = now;
            metrics.mailServerUp(false);
        }
        failures++;
        lastRefusal = reply;
        Duration wait = backOff.after(failures);
        nextProbe = now.plus(wait);
        probing = false;
    }

    /** An address was refused; {@code policy} for a 5.7.x refusal. */
    public synchronized void refusedAddress(String address, boolean policy) {
        probing = false;
        if (policy) {
            remember(domainOf(address));
        }
    }

    /** A sender gave an email back without trying it: a probe that was not one. */
    public synchronized void notTried() {
        probing = false;
    }

    private void remember(String outcome) {
        recent.addLast(outcome == null ? "" : outcome);
        while (recent.size() > WINDOW) {
            recent.removeFirst();
        }
        metrics.policyRefusalsOfEveryAddress(refusingEveryAddress());
    }

    private boolean refusingEveryAddress() {
        int refusals = 0;
        Set<String> domains = new HashSet<>();
        for (String each : recent) {
            if (each.isEmpty()) {
                refusals = 0;
                domains.clear();
            }
            else {
                refusals++;
                domains.add(each);
            }
        }
        return refusals >= POLICY_REFUSALS && domains.size() >= 2;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
