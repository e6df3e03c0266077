package org.adherence.notification.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.careteam.CareTeamDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An instance that has not read the acknowledgements topic yet (it is starting) neither shows the button nor takes
 * an acknowledgement: it cannot tell whether someone else acknowledged first, and would overwrite who did.
 */
class AckControllerStartingTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private final AckTokens tokens = new AckTokens(new NotificationProperties("alerts@adherence.local",
            Duration.ofMinutes(15), URI.create("https://alerts.clinic.example/"),
            new NotificationProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)), false,
            "a-test-key-of-at-least-thirty-two-bytes-0123456789", Duration.ofDays(7), Duration.ofMinutes(1)), clock);

    // no broker needed: nothing may be written while the acknowledgements are not read
    private final Acknowledgements acknowledgements = new Acknowledgements(null);

    private final AckController controller = new AckController(tokens, acknowledgements, new AlertsTakenIn(null),
            new CareTeamDirectory(), clock);

    private final String token = tokens.sign(new AckTokens.Claims("alert-1", "p-1", "neuro@clinic.example",
            NOW.plus(Duration.ofDays(1))));

    @Test
    void thePageAndTheButtonAskToComeBackUntilTheAcknowledgementsAreRead() {
        for (ResponseEntity<String> answer : new ResponseEntity[] {controller.show("alert-1", token),
                controller.acknowledge("alert-1", token)}) {
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
            assertThat(answer.getBody()).contains("Nothing was acknowledged").doesNotContain("<form");
        }
        assertThat(acknowledgements.isAcknowledged("alert-1")).isFalse();
    }

    @Test
    void onceReadThePageShowsTheButton() {
        acknowledgements.markLoaded();

        ResponseEntity<String> page = controller.show("alert-1", token);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<form method=\"post\"");
    }
}
