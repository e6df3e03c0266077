package org.adherence.notification.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void theSameEmailAlwaysHasTheSameMessageIdAndNoAddressShowsInIt() {
        String id = MessageIds.of("a-1|neuro@clinic.example", "alerts@adherence.local");

        assertThat(id).isEqualTo(MessageIds.of("a-1|neuro@clinic.example", "alerts@adherence.local"))
                .isNotEqualTo(MessageIds.of("a-1|sam@family.example", "alerts@adherence.local"))
                .matches("<[0-9a-f]{32}@adherence\\.local>")
                .doesNotContain("neuro");
    }

    @Test
    void aMessageKeepsItsMessageIdWhenItIsSaved() throws Exception {
        MimeMessage message = new MessageIds.Keyed(Session.getInstance(new Properties()), "<abc@adherence.local>");
        message.setText("body");

        message.saveChanges();

        assertThat(message.getMessageID()).isEqualTo("<abc@adherence.local>");
    }
}
