package org.adherence.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.adherence.console.alerts.AlertPage;
import org.adherence.console.patients.QuietPatients;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** How the console reads the services' answers, in the forms the services write them. */
class PlatformCallsTest {

    @Test
    void anAlertListWithoutIncompleteIsACompleteOne() throws Exception {
        // notification-service leaves "incomplete" out when every instance answered
        Optional<AlertPage> page = PlatformCalls.read("notification-service", HttpStatus.OK,
                body("{\"alerts\":[]}"), AlertPage.class);
        assertThat(page).get().extracting(AlertPage::incomplete).isEqualTo(false);

        Optional<AlertPage> partial = PlatformCalls.read("notification-service", HttpStatus.OK,
                body("{\"alerts\":[],\"incomplete\":true}"), AlertPage.class);
        assertThat(partial).get().extracting(AlertPage::incomplete).isEqualTo(true);
    }

    @Test
    void aQuietListAsRulesServiceWritesItIsRead() throws Exception {
        Optional<QuietPatients> quiet = PlatformCalls.read("rules-service", HttpStatus.OK, body("""
                {"silentFor":"PT24H","patients":[],"incomplete":false}"""), QuietPatients.class);
        assertThat(quiet).get().extracting(QuietPatients::incomplete).isEqualTo(false);
    }

    @Test
    void notFoundIsEmptyForbiddenIsNotAllowedAndTheRestIsUnavailable() throws Exception {
        assertThat(PlatformCalls.read("rules-service", HttpStatus.NOT_FOUND, body(""), QuietPatients.class)).isEmpty();
        assertThatThrownBy(() -> PlatformCalls.read("notification-service", HttpStatus.FORBIDDEN, body(""),
                AlertPage.class)).isInstanceOf(PlatformCalls.NotAllowed.class);
        assertThatThrownBy(() -> PlatformCalls.read("notification-service", HttpStatus.BAD_GATEWAY, body(""),
                AlertPage.class)).isInstanceOf(PlatformCalls.ServiceUnavailable.class).hasMessageContaining("502");
    }

    @Test
    void anAnswerTheConsoleCannotReadIsAnUnavailableServiceNotAFailedPage() {
        assertThatThrownBy(() -> PlatformCalls.read("notification-service", HttpStatus.OK,
                body("{\"alerts\":\"not a list\"}"), AlertPage.class))
                .isInstanceOf(PlatformCalls.ServiceUnavailable.class)
                .hasMessageContaining("cannot read");
    }

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
