package org.adherence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientEvent;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.rules.GeneratedHistoriesTest.History;
import org.adherence.rules.GeneratedHistoriesTest.Kind;
import org.adherence.rules.engine.Finding;
import org.junit.jupiter.api.Test;

/**
 * The windowed judging against the oracle of before ({@link FullHistoryOracle}: every event and scan over the whole
 * history): the generated histories of {@link GeneratedHistoriesTest}, posted live, late in order, reversed, shuffled
 * with duplicates, in two halves a day apart, and with the patient moving to another zone part-way, fed to both in
 * lockstep. After every event and every scan both must have raised the same findings, ids, summaries and evidence.
 * <p>
 * The seed is printed with every failure; {@code -Drules.seed=<seed>} runs the same histories again.
 */
class DifferentialJudgingTest {

    private static final long SEED = Long.getLong("rules.seed", System.nanoTime());

    private static final int PATIENTS = 120;

    private static final Duration SCAN_STEP = Duration.ofHours(3);

    @Test
    void theWindowedJudgingRaisesWhatTheWholeHistoryRaisesWhateverTheOrderOfArrival() {
        Random random = new Random(SEED);
        List<Kind> kinds = List.of(Kind.values());
        for (int p = 0; p < PATIENTS; p++) {
            History history = GeneratedHistoriesTest.generate(random, "p-" + p, kinds.get(p % kinds.size()));
            String what = "seed " + SEED + ", " + history.patientId() + " (" + history.kind() + " on "
                    + history.violationDay() + " in " + history.zone() + ")";
            live(history, null, what + ", live");
            ZoneId moved = GeneratedHistoriesTest.ZONES.get(random.nextInt(GeneratedHistoriesTest.ZONES.size()));
            live(history, moved, what + ", live, moving to " + moved + " on day 15");
            Instant postedAt = history.end().plus(Duration.ofHours(1));
            late(history, history.events(), postedAt, what + ", late in order");
            List<PatientEvent> reversed = new ArrayList<>(history.events());
            Collections.reverse(reversed);
            late(history, reversed, postedAt, what + ", late reversed");
            List<PatientEvent> shuffled = new ArrayList<>(history.events());
            shuffled.addAll(history.events().subList(0, history.events().size() / 4));
            Collections.shuffle(shuffled, random);
            late(history, shuffled, postedAt, what + ", late shuffled");
            split(history, postedAt, what + ", in two halves");
        }
    }

    /** Each event when it happens, a scan every few hours between; a move to another zone on day 15, if any. */
    private static void live(History history, ZoneId movedTo, String what) {
        Both both = new Both(history, what);
        both.profile(history.zone(), history.firstDay().atStartOfDay(history.zone()).toInstant());
        Instant moveAt = history.firstDay().plusDays(15).atTime(13, 0).atZone(history.zone()).toInstant();
        boolean moved = movedTo == null;
        for (PatientEvent event : history.events()) {
            both.scanUntil(event.occurredAt().toInstant());
            if (!moved && !event.occurredAt().toInstant().isBefore(moveAt)) {
                both.profile(movedTo, event.occurredAt().toInstant());
                moved = true;
            }
            both.post(event, event.occurredAt().toInstant());
        }
        both.scanUntil(history.end().plus(Duration.ofDays(2)));
    }

    /** The whole history in one go an hour after it ended, in some order; the scans after. */
    private static void late(History history, List<PatientEvent> order, Instant postedAt, String what) {
        Both both = new Both(history, what);
        both.profile(history.zone(), postedAt);
        order.forEach(event -> both.post(event, postedAt));
        both.scanUntil(postedAt.plus(Duration.ofDays(2)));
    }

    /** The first half live-ish a day before the second: scans in between see a patient who looks stopped. */
    private static void split(History history, Instant postedAt, String what) {
        Instant cut = history.firstDay().plusDays(history.days() / 2).atStartOfDay(history.zone()).toInstant();
        Both both = new Both(history, what);
        both.profile(history.zone(), postedAt.minus(Duration.ofDays(1)));
        history.events().stream().filter(e -> e.occurredAt().toInstant().isBefore(cut))
                .forEach(e -> both.post(e, postedAt.minus(Duration.ofDays(1))));
        both.scanUntil(postedAt);
        history.events().stream().filter(e -> !e.occurredAt().toInstant().isBefore(cut))
                .forEach(e -> both.post(e, postedAt));
        both.scanUntil(postedAt.plus(Duration.ofDays(2)));
    }

    /** The judging and the oracle fed the same, compared after every step. */
    private static final class Both {

        private final History history;

        private final String what;

        private final Scenario judged;

        private final FullHistoryOracle oracle;

        private Instant clock = Instant.MIN;

        private int step;

        Both(History history, String what) {
            this.history = history;
            this.what = what;
            this.judged = Scenario.patient(history.patientId());
            this.oracle = new FullHistoryOracle(history.patientId(), Scenario.PACKS);
        }

        void profile(ZoneId zone, Instant at) {
            Instant now = advance(at);
            PatientProfileUpdated profile = PatientProfileUpdated.of(history.patientId(), LocalDate.of(1979, 3, 14),
                    zone, List.of(), List.of(GeneratedHistoriesTest.prescription(history)), history.conditions(),
                    history.coMedications(), null);
            judged.clockTo(now.atOffset(ZoneOffset.UTC));
            compare("profile", judged.profile(null, profile.birthDate(), zone, profile.conditions(),
                    profile.coMedications(), profile.prescriptions().toArray(new org.adherence.contracts.events
                    .Prescription[0])), oracle.profile(profile, now));
        }

        void post(PatientEvent event, Instant at) {
            Instant now = advance(at);
            judged.clockTo(now.atOffset(ZoneOffset.UTC));
            if (event instanceof DoseTaken dose) {
                compare("dose " + dose.eventId(), judged.replay(dose), oracle.dose(dose, judged.now()));
            }
            else {
                SymptomsReported report = (SymptomsReported) event;
                compare("report " + report.eventId(), judged.replay(report), oracle.symptoms(report, judged.now()));
            }
        }

        void scanUntil(Instant until) {
            for (Instant t = clock.equals(Instant.MIN) ? until : clock.plus(SCAN_STEP); !t.isAfter(until);
                 t = t.plus(SCAN_STEP)) {
                scan(t);
            }
            scan(until);
        }

        private void scan(Instant at) {
            Instant now = advance(at);
            compare("scan at " + now, judged.scanAt(now.atOffset(ZoneOffset.UTC)), oracle.scan(now));
        }

        private Instant advance(Instant at) {
            clock = at.isAfter(clock) ? at : clock;
            return clock;
        }

        private void compare(String when, List<Finding> actual, List<Finding> expected) {
            step++;
            assertThat(sorted(actual)).as("%s: step %d, %s", what, step, when).isEqualTo(sorted(expected));
        }

        private static List<Finding> sorted(List<Finding> findings) {
            List<Finding> copy = new ArrayList<>(findings);
            copy.sort(Comparator.comparing(Finding::alertId));
            return copy;
        }
    }
}
