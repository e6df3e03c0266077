package org.adherence.rules.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.adherence.contracts.EventLimits;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the keys' byte order, over generated patients, instants (before and after 1970, with nanos) and
 * ids: what a range read returns depends on it. The seed is printed with every failure; {@code -Drules.seed=<seed>}
 * runs the same cases again.
 */
class StateKeysOrderTest {

    private static final long SEED = Long.getLong("rules.seed", System.nanoTime());

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

    record Event(String patientId, Instant at, String eventId) {
    }

    private static final Comparator<Event> EVENT_ORDER = Comparator.comparing(Event::patientId,
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
            .thenComparing(Event::at).thenComparing(Event::eventId);

    @Test
    void byteOrderIsPatientThenTimeThenIdOrder() {
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(new Event(id(random, 1 + random.nextInt(random.nextBoolean() ? 4 : 64)), instant(random),
                        id(random, 1 + random.nextInt(EventLimits.EVENT_ID_MAX))));
            }
            List<Event> byTuple = events.stream().sorted(EVENT_ORDER).toList();
            List<Event> byKey = events.stream().sorted(Comparator.comparing(
                    (Event e) -> StateKeys.dose(e.patientId(), e.at(), e.eventId()))).toList();

            assertThat(byKey).as("seed %d, round %d", SEED, round).isEqualTo(byTuple);
        }
    }

    @Test
    void aRangeOfOnePatientsTimesHoldsExactlyItsKeysOfThoseTimes() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 500; round++) {
            String patient = id(random, 1 + random.nextInt(8));
            // a patient whose id extends this one's: p-1 and p-10
            String other = random.nextBoolean() ? patient + id(random, 1) : id(random, 1 + random.nextInt(8));
            Instant from = instant(random);
            Instant to = from.plusNanos(Math.abs(random.nextLong() % 10_000_000_000_000L));
            Event event = new Event(random.nextBoolean() ? patient : other, instant(random, from, to),
                    id(random, 1 + random.nextInt(EventLimits.EVENT_ID_MAX)));
            Bytes key = StateKeys.dose(event.patientId(), event.at(), event.eventId());

            boolean inRange = key.compareTo(StateKeys.dosesFrom(patient, from)) >= 0
                    && key.compareTo(StateKeys.dosesTo(patient, to)) <= 0;

            boolean expected = event.patientId().equals(patient) && !event.at().isBefore(from)
                    && !event.at().isAfter(to);
            assertThat(inRange).as("seed %d, round %d: %s in %s [%s, %s]", SEED, round, event, patient, from, to)
                    .isEqualTo(expected);
            assertThat(key.compareTo(StateKeys.patientFrom(patient)) >= 0
                    && key.compareTo(StateKeys.patientTo(patient)) <= 0).as("seed %d, round %d", SEED, round)
                    .isEqualTo(event.patientId().equals(patient));
        }
    }

    @Test
    void dueKeysAreInTimeOrderAndGiveBackTheirPatientAndTime() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < 500; round++) {
            Instant a = instant(random);
            Instant b = instant(random);
            String patient = id(random, 1 + random.nextInt(64));
            Bytes keyA = StateKeys.due(a, patient);
            Bytes keyB = StateKeys.due(b, id(random, 1 + random.nextInt(64)));

            assertThat(Integer.signum(keyA.compareTo(keyB))).as("seed %d, round %d", SEED, round)
                    .isEqualTo(a.equals(b) ? Integer.signum(keyA.compareTo(keyB)) : Integer.signum(a.compareTo(b)));
            assertThat(StateKeys.duePatient(keyA)).isEqualTo(patient);
            assertThat(StateKeys.dueTime(keyA)).isEqualTo(a);
        }
    }

    private static String id(Random random, int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private static Instant instant(Random random) {
        return Instant.ofEpochSecond(random.nextLong() % 10_000_000_000L, random.nextInt(1_000_000_000));
    }

    private static Instant instant(Random random, Instant from, Instant to) {
        long span = java.time.Duration.between(from, to).toNanos();
        long offset = random.nextInt(3) == 0 ? -1 - random.nextInt(1000)
                : random.nextInt(3) == 0 ? span + 1 + random.nextInt(1000) : (long) (random.nextDouble() * span);
        return from.plusNanos(offset);
    }
}
