package org.adherence.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.adherence.notification.support.TestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class NotificationPropertiesTest {

    private static final String KEY = "adherence.notification.ack-signing-key=" + TestProperties.ACK_SIGNING_KEY;

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(BindsNotificationProperties.class);

    @Test
    void defaultsToTheContractsValues() {
        context.withPropertyValues(KEY).run(started -> assertThat(started.getBean(NotificationProperties.class))
                .isEqualTo(TestProperties.notification()));
    }

    @Test
    void bindsOverridesInRelaxedForm() {
        context.withPropertyValues(KEY, "adherence.notification.from=care@clinic.example",
                        "adherence.notification.critical-repeat=PT5M",
                        "adherence.notification.group-wait=PT2M",
                        "adherence.notification.group-interval=PT30M",
                        "adherence.notification.public-url=https://alerts.clinic.example",
                        "adherence.notification.redact-clinical-details=true",
                        "adherence.notification.sender.threads=8")
                .run(started -> {
                    NotificationProperties bound = started.getBean(NotificationProperties.class);
                    assertThat(bound.from()).isEqualTo("care@clinic.example");
                    assertThat(bound.criticalRepeat()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(bound.groupWait()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(bound.groupInterval()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(bound.publicUrl()).isEqualTo(URI.create("https://alerts.clinic.example"));
                    assertThat(bound.redactClinicalDetails()).isTrue();
                    assertThat(bound.sender().threads()).isEqualTo(8);
                });
    }

    @Test
    void refusesToStartWithoutItsOwnAckSigningKey() {
        context.run(started -> assertThat(started.getStartupFailure()).rootCause()
                .hasMessageContaining("ackSigningKey").hasMessageContaining("is required"));
    }

    @Test
    void refusesToStartWithASenderThatIsNoAddressOrARepeatOfZero() {
        context.withPropertyValues(KEY, "adherence.notification.from=not an address",
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
    void refusesToStartWithAnAckSigningKeyAnyoneCouldKnow() {
        // the former default in the source, and a typed one
        context.withPropertyValues("adherence.notification.ack-signing-key=dev-only-ack-link-key-not-for-production-use")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.ack-signing-key is a published key"));
        context.withPropertyValues("adherence.notification.ack-signing-key=" + "k".repeat(40))
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.ack-signing-key has fewer than 10 distinct"));
    }

    @Test
    void refusesToStartWithAPublicUrlThatNoLinkInAnEmailCouldReach() {
        for (String url : new String[] {"alerts.clinic.example", "/notifications", "ftp://alerts.clinic.example"}) {
            context.withPropertyValues(KEY, "adherence.notification.public-url=" + url)
                    .run(started -> assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("adherence.notification.public-url must be an absolute http(s) URL"));
        }
    }

    @Test
    void refusesToStartWithARetryWhoseLongestWaitIsShorterThanItsFirst() {
        context.withPropertyValues(KEY, "adherence.notification.retry.initial-interval=PT1M",
                        "adherence.notification.retry.max-interval=PT30S")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("adherence.notification.retry.max-interval (PT30S) must not be shorter"));
    }

    @Test
    void backsOffByDoublingUpToTheLongestWait() {
        NotificationProperties.Retry retry = new NotificationProperties.Retry(Duration.ofSeconds(1),
                Duration.ofSeconds(30));

        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(retry::after))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    static class BindsNotificationProperties {
    }
}
