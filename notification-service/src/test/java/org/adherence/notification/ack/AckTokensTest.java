package org.adherence.notification.ack;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.adherence.notification.NotificationProperties;
import org.adherence.notification.support.TestProperties;
import org.adherence.notification.ack.AckTokens.Claims;
import org.adherence.notification.ack.AckTokens.Refusal;
import org.adherence.notification.ack.AckTokens.RefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AckTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final AckTokens tokens = tokensWith("ack-key-of-this-test-0123456789abcdefghij");

    @Test
    void makesALinkForOneAlertAndOneRecipientThatVerifiesUntilItExpires() {
        // when
        URI link = tokens.linkFor("alert-1", "p-1", "neuro@clinic.example");

        // then
        assertThat(link.toString()).startsWith("https://alerts.clinic.example/api/v1/alerts/alert-1/ack?token=");
        String token = link.getQuery().substring("token=".length());
        assertThat(tokens.verify("alert-1", token))
                .isEqualTo(new Claims("alert-1", "p-1", "neuro@clinic.example", NOW.plus(Duration.ofDays(7))));
    }

    @Test
    void refusesATokenOfAnotherAlert() {
        String token = tokens.sign(new Claims("alert-1", "p-1", "neuro@clinic.example", NOW.plusSeconds(60)));
        assertRefused("alert-2", token, Refusal.OTHER_ALERT);
    }

    @Test
    void refusesAnExpiredToken() {
        String token = tokens.sign(new Claims("alert-1", "p-1", "neuro@clinic.example", NOW));
        assertRefused("alert-1", token, Refusal.EXPIRED);
    }

    @Test
    void refusesATokenSignedWithAnotherKeyOrChanged() {
        String foreign = tokensWith("another-ack-key-of-this-test-0123456789xyz")
                .sign(new Claims("alert-1", "p-1", "neuro@clinic.example", NOW.plusSeconds(60)));
        assertRefused("alert-1", foreign, Refusal.FORGED);

        // the payload of a good token given to someone else
        String good = tokens.sign(new Claims("alert-1", "p-1", "neuro@clinic.example", NOW.plusSeconds(60)));
        String other = tokensWith("another-ack-key-of-this-test-0123456789xyz")
                .sign(new Claims("alert-1", "p-1", "mallory@example.com", NOW.plusSeconds(60)));
        assertRefused("alert-1", other.split("\\.")[0] + "." + good.split("\\.")[1], Refusal.FORGED);
    }

    @Test
    void refusesWhatIsNoToken() {
        assertRefused("alert-1", null, Refusal.MALFORMED);
        assertRefused("alert-1", "", Refusal.MALFORMED);
        assertRefused("alert-1", "no-dot", Refusal.MALFORMED);
        assertRefused("alert-1", "***.***", Refusal.MALFORMED);
    }

    private void assertRefused(String alertId, String token, Refusal refusal) {
        assertThatThrownBy(() -> tokens.verify(alertId, token)).isInstanceOf(RefusedException.class)
                .extracting(e -> ((RefusedException) e).refusal()).isEqualTo(refusal);
    }

    private static AckTokens tokensWith(String key) {
        NotificationProperties defaults = TestProperties.notification();
        NotificationProperties properties = new NotificationProperties(defaults.from(), defaults.criticalRepeat(),
                defaults.groupWait(), defaults.groupInterval(), URI.create("https://alerts.clinic.example/"),
                defaults.retry(), false, key, Duration.ofDays(7), defaults.retention(), defaults.sender(),
                defaults.dispatchInterval(), defaults.timerInterval(), defaults.ackConfirmTimeout());
        return new AckTokens(properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
