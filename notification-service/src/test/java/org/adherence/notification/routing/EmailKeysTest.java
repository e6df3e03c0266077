package org.adherence.notification.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailKeysTest {

    @Test
    void keysAnOrdinaryAddressAsItsNormalisedSelf() {
        assertThat(EmailKeys.address(" Neuro@Clinic.Example ")).isEqualTo("neuro@clinic.example");
    }

    @Test
    void escapesWhatWouldSeparateTheKeysPartsSoNoAddressPassesForAnother() {
        assertThat(EmailKeys.address("reminder-1|neuro@clinic.example")).isEqualTo("reminder-1%7Cneuro@clinic.example");
        // and the escape itself, so that two addresses never share a key
        assertThat(EmailKeys.address("a%7Cb@x.example")).isEqualTo("a%257cb@x.example")
                .isNotEqualTo(EmailKeys.address("a|b@x.example"));
    }

    @Test
    void writesAKeyIntoALogLineWithoutItsAddress() {
        assertThat(EmailKeys.loggable("a-1|reminder-2|neuro@clinic.example")).isEqualTo("a-1|reminder-2|<address>");
        assertThat(EmailKeys.loggable("group|p-1|3|reminder-1%7Cneuro@clinic.example"))
                .isEqualTo("group|p-1|3|<address>");
    }
}
