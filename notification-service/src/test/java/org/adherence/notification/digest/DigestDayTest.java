package org.adherence.notification.digest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertQueuedForDigest;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.notification.ledger.DeliveryLedger;
import org.adherence.notification.ledger.LedgerKeys;
import org.adherence.notification.support.Fixtures;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Which local day's digest an INFO alert joins; the broker itself is covered by EscalationTest. */
class DigestDayTest {

    /** 23:30 UTC on 24 November: the 25th in Berlin, still the 24th in Honolulu. */
    private static final Instant NOW = Instant.parse("2026-11-24T23:30:00Z");

    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu");

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, Object> kafka = mock(KafkaOperations.class);

    private final DigestQueue queue = new DigestQueue(typed(kafka));

    private final DeliveryLedger ledger = new DeliveryLedger(typed(kafka), mock(ApplicationEventPublisher.class));

    private final DailyDigests digests = new DailyDigests(queue, ledger, null, null, null, null, null,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private final String patientId = Fixtures.newPatientId("p-moved");

    DigestDayTest() {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void joinsTheDigestOfTheDayItArrivesOnInThePatientsZone() {
        digests.queue(Fixtures.alert(patientId, RuleId.MISSED_DOSES), Optional.of(profileIn(HONOLULU)));

        assertThat(queue.all()).extracting(AlertQueuedForDigest::digestDate)
                .containsExactly(LocalDate.parse("2026-11-24"));
    }

    @Test
    void joinsTheNextDaysDigestWhenThatDaysHasGoneOutBeforeThePatientMovedWest() {
        // given the digest of the 24th already mailed (the patient was in Berlin, where the 24th is over)
        LocalDate day = LocalDate.parse("2026-11-24");
        ledger.record(LedgerKeys.digest(patientId, day, "neuro@clinic.example"), new NotificationDelivered(1,
                LedgerKeys.digestId(patientId, day), patientId, "neuro@clinic.example", null, Severity.INFO,
                NOW.minusSeconds(60)));

        // when an INFO alert arrives after the patient moved to Honolulu, where it is still the 24th
        digests.queue(Fixtures.alert(patientId, RuleId.MISSED_DOSES), Optional.of(profileIn(HONOLULU)));

        // then it waits for the digest of the 25th, instead of counting as mailed with the one already gone
        assertThat(queue.all()).extracting(AlertQueuedForDigest::digestDate)
                .containsExactly(LocalDate.parse("2026-11-25"));
    }

    private PatientProfileUpdated profileIn(ZoneId zone) {
        PatientProfileUpdated berlin = Fixtures.profileOf(patientId, Fixtures.careTeamOf(patientId));
        return PatientProfileUpdated.of(patientId, berlin.birthDate(), zone, berlin.careTeam(), List.of(),
                Set.of(), Set.of(), berlin.updatedAt());
    }

    @SuppressWarnings("unchecked")
    private static <V> KafkaOperations<String, V> typed(KafkaOperations<String, Object> kafka) {
        return (KafkaOperations<String, V>) (KafkaOperations<String, ?>) kafka;
    }
}
