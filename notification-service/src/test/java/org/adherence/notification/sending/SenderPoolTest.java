package org.adherence.notification.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.adherence.contracts.codes.RuleId;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.email.EmailContent;
import org.adherence.notification.email.EmailRenderer;
import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.notification.events.EmailKind;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What the pool says it holds, which the topology trusts to hand an email out again. No sender threads: the email is
 * given back ({@code RELEASED}) by the task that closes, and its result recorded on a stand-in for the producer.
 */
class SenderPoolTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final NotificationProperties defaults = TestProperties.notification();

    private final NotificationProperties properties = new NotificationProperties(defaults.from(),
            defaults.criticalRepeat(), defaults.groupWait(), defaults.groupInterval(), defaults.publicUrl(),
            defaults.retry(), defaults.redactClinicalDetails(), defaults.ackSigningKey(), defaults.ackLinkValidity(),
            defaults.retention(), new NotificationProperties.Sender(0, 0, 10, 100, Duration.ofSeconds(15),
                    Duration.ZERO), defaults.dispatchInterval(), defaults.timerInterval(),
            defaults.ackConfirmTimeout());

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, Object> results = mock(KafkaOperations.class);

    private final NotificationMetrics metrics = new NotificationMetrics(new SimpleMeterRegistry());

    private final SenderPool pool = new SenderPool(properties, new JavaMailSenderImpl(), new EmailContent(),
            new EmailRenderer(), new AckTokens(properties, Clock.fixed(NOW, ZoneOffset.UTC)), results, metrics,
            new MailServerState(properties.retry(), metrics), ObservationRegistry.NOOP, Clock.fixed(NOW,
                    ZoneOffset.UTC));

    @AfterEach
    void stop() {
        pool.stop();
    }

    @Test
    void anEmailWhoseResultIsReadBackBeforeTheProducerAnswersIsNotHeldBack() {
        SendJob job = job("task-0_1");
        // the stream thread reads the result, and settles it, before send().get() returns on the sender's thread
        when(results.send(anyString(), anyString(), any())).thenAnswer(invocation -> {
            assertThat(invocation.getArgument(0, String.class)).isEqualTo(NotificationTopics.SEND_RESULTS.name());
            pool.settled(job.emailKey(), job.attempt());
            return CompletableFuture.completedFuture(null);
        });
        pool.start();
        assertThat(pool.offer(job, NOW)).isTrue();
        assertThat(pool.holds(job.emailKey())).isTrue();

        pool.release(job.taskId());

        assertThat(pool.holds(job.emailKey())).as("held back after its result was read").isFalse();
    }

    @Test
    void anEmailIsHeldUntilItsRecordedResultIsReadBack() {
        SendJob job = job("task-0_2");
        when(results.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        pool.start();
        assertThat(pool.offer(job, NOW)).isTrue();

        pool.release(job.taskId());

        assertThat(pool.holds(job.emailKey())).as("recorded, not read back yet").isTrue();
        pool.settled(job.emailKey(), job.attempt() - 1);
        assertThat(pool.holds(job.emailKey())).as("an earlier attempt's result").isTrue();
        pool.settled(job.emailKey(), job.attempt());
        assertThat(pool.holds(job.emailKey())).isFalse();
    }

    @Test
    void anEmailWhoseResultCouldNotBeRecordedIsLeftToItsLease() {
        SendJob job = job("task-0_3");
        when(results.send(anyString(), anyString(), any()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker gone")));
        pool.start();
        assertThat(pool.offer(job, NOW)).isTrue();

        pool.release(job.taskId());

        assertThat(pool.holds(job.emailKey())).isFalse();
    }

    private static SendJob job(String taskId) {
        String patient = Fixtures.newPatientId("pool");
        var recipient = Fixtures.careTeamOf(patient).get(0);
        String emailKey = "alert-" + taskId + "|" + recipient.email();
        return new SendJob(taskId, "leased|" + emailKey, 2, NOW.plusSeconds(15), Lane.HIGH, emailKey,
                EmailKind.ALERT, patient, recipient,
                List.of(Fixtures.alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX)), ZoneOffset.UTC, 0, null, Map.of());
    }
}
