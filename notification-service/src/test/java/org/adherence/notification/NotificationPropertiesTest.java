package org.adherence.notification;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPropertiesTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(BindsNotificationProperties.class);

    @Test
    void defaultsToTheContractsValues() {
        context.run(started -> assertThat(started.getBean(NotificationProperties.class)).isEqualTo(
                new NotificationProperties("alerts@adherence.local", Duration.ofMinutes(15),
                        URI.create("http://localhost:8082"),
                        new NotificationProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)), false,
                        NotificationProperties.DEV_ACK_SIGNING_KEY, Duration.ofDays(7), Duration.ofMinutes(1))));
    }

    @Test
    void bindsOverridesInRelaxedForm() {
        context.withPropertyValues("adherence.notification.from=care@clinic.example",
                        "adherence.notification.critical-repeat=PT5M",
                        "adherence.notification.public-url=https://alerts.clinic.example",
                        "adherence.notification.redact-clinical-details=true",
                        "adherence.notification.ack-signing-key=" + "k".repeat(32),
                        "adherence.notification.ack-link-validity=P2D",
                        "adherence.notification.digest-check-interval=PT30S")
                .run(started -> assertThat(started.getBean(NotificationProperties.class)).isEqualTo(
                        new NotificationProperties("care@clinic.example", Duration.ofMinutes(5),
                                URI.create("https://alerts.clinic.example"),
                                new NotificationProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                                true, "k".repeat(32), Duration.ofDays(2), Duration.ofSeconds(30))));
    }

    @Test
    void refusesToStartWithASenderThatIsNoAddressOrARepeatOfZero() {
        context.withPropertyValues("adherence.notification.from=not an address",
                        "adherence.notification.critical-repeat=PT0S")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.from")
                        .hasMessageContaining("adherence.notification.criticalRepeat"));
    }

    @Test
    void refusesToStartWithAnAckSigningKeyShorterThan32Bytes() {
        context.withPropertyValues("adherence.notification.ack-signing-key=" + "k".repeat(31))
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.ack-signing-key must be at least 32 bytes"));
    }

    @Test
    void refusesToStartWithAPublicUrlThatNoLinkInAnEmailCouldReach() {
        for (String url : new String[] {"alerts.clinic.example", "/notifications", "ftp://alerts.clinic.example"}) {
            context.withPropertyValues("adherence.notification.public-url=" + url)
                    .run(started -> assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("adherence.notification.public-url must be an absolute http(s) URL"));
        }
    }

    @Test
    void refusesToStartWithARetryWhoseLongestWaitIsShorterThanItsFirst() {
        context.withPropertyValues("adherence.notification.retry.initial-interval=PT1M",
                        "adherence.notification.retry.max-interval=PT30S")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.retry.max-interval (PT30S) must not be shorter"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    static class BindsNotificationProperties {
    }
}
