package org.adherence.rules.stream;

import org.adherence.contracts.events.AlertRaised;

/** What the processor forwards: an alert, or a record it did not judge, for its dead-letter topic. Never serialized. */
sealed interface RulesOutput {

    record Alert(AlertRaised alert) implements RulesOutput {
    }

    /** The record's value as it came (written again with its contract's JSON), headers saying why. */
    record DeadLetter(byte[] value) implements RulesOutput {
    }
}
