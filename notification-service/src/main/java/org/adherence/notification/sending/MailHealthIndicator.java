package org.adherence.notification.sending;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The mail component of {@code /actuator/health}, from what the senders saw (it opens no session of its own): DOWN
 * while the mail server refuses sessions or cannot be reached, or refuses every address alike for policy. It is not
 * part of readiness: the service keeps taking in alerts while the mail server is down, and mails them once it is
 * back.
 */
public final class MailHealthIndicator implements HealthIndicator {

    private final MailServerState server;

    public MailHealthIndicator(MailServerState server) {
        this.server = server;
    }

    @Override
    public Health health() {
        MailServerState.Snapshot now = server.snapshot();
        Health.Builder health = now.up() && !now.refusingEveryAddress() ? Health.up() : Health.down();
        health.withDetail("sessions", now.up() ? "accepted" : "refused or unreachable");
        if (now.downSince() != null) {
            health.withDetail("downSince", now.downSince().toString());
        }
        if (now.lastRefusal() != null) {
            health.withDetail("lastRefusal", now.lastRefusal());
        }
        health.withDetail("policyRefusalsOfEveryAddress", now.refusingEveryAddress());
        return health.build();
    }
}
