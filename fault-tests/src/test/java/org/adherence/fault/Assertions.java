package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

/** The promises of docs/reliability.md every fault test checks after its fault. */
final class Assertions {

    private Assertions() {
    }

    /**
     * Every event answered 202 is on its topic exactly once and none appeared that was never sent; every dose on the
     * topic raised its alert exactly once and nothing else; every alert's emails reached the mail server, at most
     * {@code allowedRepeats} of them more than once (the documented window of a crash between the mail server's
     * acceptance and the record of it), each repeat under the Message-ID of the first, and none that no alert asked
     * for.
     */
    static void nothingAcceptedLost(Reconciliation outcome, int allowedRepeats, FaultStack stack) {
        String logs = "\nfigures: " + outcome.figures() + "\nlogs:\n" + stack.logs();
        assertThat(outcome.accepted()).as("no event accepted at all" + logs).isNotEmpty();
        assertThat(outcome.missingFromTopic()).as("accepted (202) but not on the dose topic" + logs).isEmpty();
        assertThat(outcome.onTopicMoreThanOnce()).as("on the dose topic more than once" + logs).isEmpty();
        assertThat(outcome.neverSent()).as("on the dose topic but never sent" + logs).isEmpty();
        assertThat(outcome.dosesWithoutAlert()).as("doses on the topic without their alert" + logs).isEmpty();
        assertThat(outcome.alertsMoreThanOnce()).as("alerts on the alerts topic more than once" + logs).isEmpty();
        assertThat(outcome.unexpectedAlerts()).as("alerts no dose asked for" + logs).isEmpty();
        assertThat(outcome.missingEmails()).as("emails never delivered" + logs).isEmpty();
        assertThat(outcome.unexpectedEmails()).as("emails no alert asked for" + logs).isEmpty();
        assertThat(outcome.repeatedEmails().size()).as("emails delivered more than once: %s%s",
                outcome.repeatedEmails(), logs).isLessThanOrEqualTo(allowedRepeats);
        assertThat(outcome.repeatedEmails().values()).as("emails delivered more than twice" + logs)
                .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
        assertThat(outcome.repeatsWithOtherMessageIds()).as("repeats under another Message-ID" + logs).isEmpty();
    }
}
