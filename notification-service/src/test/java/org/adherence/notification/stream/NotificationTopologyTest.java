package org.adherence.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.notification.ack.Acknowledged;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.deliverylog.DeliveryLogView.RecipientStatus;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.EmailKind;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.events.SendResult.Outcome;
import org.adherence.notification.sending.Lane;
import org.adherence.notification.sending.SendJob;
import org.adherence.notification.support.Fixtures;
import org.adherence.notification.support.TestProperties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology on a test driver, its wall clock moved by the test, its senders recorded: severity lanes, grouping,
 * reminders, digests, held alerts, refusals, leases, dead letters, acknowledgement and retention.
 */
class NotificationTopologyTest {

    /** 10:00 in Berlin on a winter weekday. */
    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private final NotificationDriver stream = new NotificationDriver(TestProperties.notification(), START);

    @AfterEach
    void close() {
        stream.close();
    }

    private static AlertRaised alert(String patientId, RuleId rule, String id) {
        AlertRaised sample = Fixtures.alert(patientId, rule);
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, id, patientId, rule, rule.severity(), sample.raisedAt(),
                sample.summary(), sample.guidance(), sample.evidence(), sample.rulePack());
    }

    private String patientWithTeam(String prefix) {
        String patient = Fixtures.newPatientId(prefix);
        stream.profile(Fixtures.profileOf(patient, Fixtures.careTeamOf(patient)));
        return patient;
    }

    private static List<String> recipients(List<SendJob> jobs) {
        return jobs.stream().map(job -> job.recipient().email()).toList();
    }

    // ------------------------------------------------------------------------------------------ severity lanes

    @Test
    void aHighAlertGoesToTheWholeTeamAtOnceAndItsDeliveryLogSaysSent() {
        String patient = patientWithTeam("high");

        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-high"));

        List<SendJob> jobs = stream.dispatch.take();
        assertThat(recipients(jobs)).containsExactly("neuro-" + patient + "@clinic.example",
                "nurse-" + patient + "@clinic.example", "sam-" + patient + "@family.example");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.lane()).isEqualTo(Lane.HIGH);
            assertThat(job.kind()).isEqualTo(EmailKind.ALERT);
            assertThat(job.alertIds()).containsExactly("a-high");
        });
        jobs.forEach(job -> stream.answer(job, Outcome.SENT, null));
        assertThat(stream.view("a-high").recipients()).extracting(RecipientStatus::status)
                .containsExactly("sent", "sent", "sent");
    }

    @Test
    void aProfileOfAnotherClinicThanThePatientsIsIgnoredAndTheViewKnowsThePatientsClinic() {
        String patient = Fixtures.newPatientId("clinics");
        stream.profile(Fixtures.profileOf(patient, Fixtures.careTeamOf(patient), "clinic-a"));

        // clinic-b enrolled the same id at the same moment on another instance of intake, and lost
        stream.profile(Fixtures.profileOf(patient, List.of(new CareTeamMember("Mallory", "mallory@clinic-b.example",
                CareTeamRole.PHYSICIAN)), "clinic-b"));
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-clinics"));

        assertThat(recipients(stream.dispatch.take())).containsExactly("neuro-" + patient + "@clinic.example",
                "nurse-" + patient + "@clinic.example", "sam-" + patient + "@family.example");
        assertThat(stream.meters.get("adherence.profiles.ignored").tag("reason", "other_clinic").counter().count())
                .isEqualTo(1);
        assertThat(stream.view("a-clinics").clinicId()).isEqualTo("clinic-a");
        assertThat(stream.view("a-clinics").isOfClinic("clinic-a")).isTrue();
        assertThat(stream.view("a-clinics").isOfClinic("clinic-b")).isFalse();
    }

    @Test
    void anAlertOfAPatientWithoutProfileHasAViewNoClinicMayRead() {
        stream.alert(alert(Fixtures.newPatientId("nobody"), RuleId.SINGLE_DOSE_ABOVE_MAX, "a-orphan"));

        assertThat(stream.view("a-orphan").clinicId()).isNull();
        assertThat(stream.view("a-orphan").isOfClinic(null)).isFalse();
    }

    @Test
    void aCriticalAlertIsHandedOutBeforeEveryOtherEmailWaitingForASender() {
        // given 50 HIGH alerts whose emails wait, every sender busy
        stream.dispatch.capacity = 0;
        for (int i = 0; i < 50; i++) {
            stream.alert(alert(patientWithTeam("busy"), RuleId.SINGLE_DOSE_ABOVE_MAX, "h-" + i));
        }
        assertThat(stream.dispatch.offered).isEmpty();

        // when a sender is free and a CRITICAL alert comes
        stream.dispatch.capacity = 1;
        String patient = patientWithTeam("critical");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-1"));

        // then it is the CRITICAL email that goes, at once
        assertThat(stream.dispatch.take()).singleElement().satisfies(job -> {
            assertThat(job.lane()).isEqualTo(Lane.CRITICAL);
            assertThat(job.alertIds()).containsExactly("c-1");
        });
        // and at the next hand-out the rest of its team before any HIGH email
        stream.dispatch.capacity = 3;
        stream.advance(Duration.ofSeconds(1));
        assertThat(stream.dispatch.take()).extracting(SendJob::lane)
                .containsExactly(Lane.CRITICAL, Lane.CRITICAL, Lane.HIGH);
    }

    // ------------------------------------------------------------------------------------------ WARNING groups

    @Test
    void warningsOfOnePatientWaitForTheGroupAndGoInOneEmailPerClinicianEachAlertOnce() {
        String patient = patientWithTeam("group");

        // three WARNINGs within the group wait: nothing yet
        stream.alert(alert(patient, RuleId.DOUBLE_DOSE, "w-1"));
        stream.advance(Duration.ofSeconds(20));
        stream.alert(alert(patient, RuleId.TOO_MANY_DOSES, "w-2"));
        stream.advance(Duration.ofSeconds(20));
        stream.alert(alert(patient, RuleId.DOUBLE_DOSE, "w-3"));
        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("w-2").recipients()).extracting(RecipientStatus::status)
                .containsExactly("waiting-for-group", "waiting-for-group");

        // a minute after the first: one email per clinician (not the caregiver) with all three
        stream.advance(Duration.ofSeconds(21));
        List<SendJob> first = stream.sendAll();
        assertThat(recipients(first)).containsExactly("neuro-" + patient + "@clinic.example",
                "nurse-" + patient + "@clinic.example");
        assertThat(first).allSatisfy(job -> {
            assertThat(job.kind()).isEqualTo(EmailKind.GROUP);
            assertThat(job.alertIds()).containsExactly("w-1", "w-2", "w-3");
        });

        // a WARNING ten minutes after that email waits for the end of the interval, 15 minutes after it
        stream.advance(Duration.ofMinutes(10));
        stream.alert(alert(patient, RuleId.PRESCRIPTION_EXCEEDED, "w-4"));
        stream.advance(Duration.ofMinutes(4));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofMinutes(1).plusSeconds(1));
        List<SendJob> second = stream.sendAll();
        assertThat(second).hasSize(2).allSatisfy(job -> assertThat(job.alertIds()).containsExactly("w-4"));

        // an interval with nothing in it ends the group: a WARNING 40 minutes later waits the group wait again
        stream.advance(Duration.ofMinutes(40));
        stream.alert(alert(patient, RuleId.DOUBLE_DOSE, "w-5"));
        stream.advance(Duration.ofSeconds(59));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofSeconds(2));
        assertThat(stream.sendAll()).hasSize(2).allSatisfy(job -> assertThat(job.alertIds())
                .containsExactly("w-5"));
        // and nothing more, ever: each alert was in exactly one email per clinician
        stream.advance(Duration.ofHours(2));
        assertThat(stream.dispatch.offered).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ refusals

    @Test
    void aTemporaryRefusalMakesThatAddressAloneWaitAndTryAgain() {
        String patient = patientWithTeam("busy-box");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-1"));
        List<SendJob> jobs = stream.dispatch.take();
        SendJob caregiver = jobs.stream().filter(job -> job.recipient().role() == CareTeamRole.CAREGIVER)
                .findFirst().orElseThrow();

        // the caregiver's mailbox says "later", the others are accepted
        for (SendJob job : jobs) {
            stream.answer(job, job == caregiver ? Outcome.TEMPORARY : Outcome.SENT, job == caregiver ? "451 4.3.0"
                    : null);
        }
        assertThat(stream.view("a-1").recipients()).extracting(RecipientStatus::status)
                .containsExactly("sent", "sent", "retrying");

        // then only the caregiver's email is tried again, after the back-off (1 s)
        stream.advance(Duration.ofMillis(500));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofMillis(600));
        assertThat(stream.dispatch.take()).singleElement().satisfies(job -> {
            assertThat(job.recipient().email()).isEqualTo(caregiver.recipient().email());
            assertThat(job.attempt()).isEqualTo(2);
        });
    }

    @Test
    void aPermanentRefusalDeadLettersThatAddressForThatAlertAndShowsItFailed() {
        String patient = patientWithTeam("relay");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-refused"));
        List<SendJob> jobs = stream.dispatch.take();
        SendJob caregiver = jobs.stream().filter(job -> job.recipient().role() == CareTeamRole.CAREGIVER)
                .findFirst().orElseThrow();

        for (SendJob job : jobs) {
            stream.answer(job, job == caregiver ? Outcome.PERMANENT : Outcome.SENT,
                    job == caregiver ? "554 5.7.1" : null);
        }

        assertThat(stream.refused.readValuesToList()).singleElement().satisfies(refused -> {
            assertThat(refused.recipient()).isEqualTo(caregiver.recipient().email());
            assertThat(refused.alertIds()).containsExactly("c-refused");
            assertThat(refused.reply()).isEqualTo("554 5.7.1");
        });
        RecipientStatus failed = stream.view("c-refused").recipients().stream()
                .filter(status -> status.address().equals(caregiver.recipient().email())).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.failure()).isEqualTo("554 5.7.1");
        stream.advance(Duration.ofMinutes(5));
        assertThat(stream.dispatch.take()).noneMatch(job -> job.recipient().email()
                .equals(caregiver.recipient().email()) && job.kind() == EmailKind.ALERT);
    }

    @Test
    void anEmailWithoutResultWithinItsLeaseIsHandedOutAgain() {
        stream.advance(Duration.ofSeconds(1));
        String patient = patientWithTeam("lease");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-lease"));
        assertThat(stream.dispatch.take()).hasSize(3);

        stream.advance(Duration.ofSeconds(14));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofSeconds(2));
        assertThat(stream.dispatch.take()).hasSize(3).allSatisfy(job -> assertThat(job.attempt()).isEqualTo(2));
    }

    @Test
    void aTaskThatStartsTakesNoLeaseAsEndedBeforeOneLeaseHasPassed() {
        // emails leased before this task's first tick: a predecessor's, whose results may still be unread
        String patient = patientWithTeam("successor");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-successor"));
        assertThat(stream.dispatch.take()).hasSize(3);

        // the first tick comes after their leases ended: they wait one more lease for their results
        stream.advance(Duration.ofSeconds(20));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofSeconds(14));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofSeconds(2));
        assertThat(stream.dispatch.take()).hasSize(3).allSatisfy(job -> assertThat(job.attempt()).isEqualTo(2));
    }

    @Test
    void anEmailTheSendersStillHoldIsNotHandedOutAgainWhenItsLeaseEnds() {
        String patient = patientWithTeam("held-lease");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-held-lease"));
        List<SendJob> jobs = stream.dispatch.take();
        assertThat(jobs).hasSize(3);
        // the mail server took them; their results wait for a partition leader that is being elected
        jobs.forEach(job -> stream.dispatch.held.add(job.emailKey()));

        stream.advance(Duration.ofSeconds(40));
        assertThat(stream.dispatch.offered).isEmpty();

        // the results arrive: sent, once, and the senders hold them no more
        jobs.forEach(job -> stream.answer(job, Outcome.SENT, null));
        assertThat(stream.dispatch.held).isEmpty();
        stream.advance(Duration.ofMinutes(1));
        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("a-held-lease").recipients()).extracting(RecipientStatus::status).containsOnly("sent");
    }

    @Test
    void aTransactionReplayedAfterADirtyCloseDoesNotHandOutAgainAnEmailTheSendersStillHold() {
        String patient = patientWithTeam("replay");
        AlertRaised alert = alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-replay");
        stream.alert(alert);
        List<SendJob> jobs = stream.dispatch.take();
        assertThat(jobs).hasSize(3);
        // the mail server took them; their results are on their way back when the task is fenced and closed dirty
        jobs.forEach(job -> stream.dispatch.held.add(job.emailKey()));

        // the task starts again in the same instance from its last commit, before the alert: it routes it again
        try (NotificationDriver replay = new NotificationDriver(TestProperties.notification(), START,
                stream.dispatch)) {
            replay.profile(Fixtures.profileOf(patient, Fixtures.careTeamOf(patient)));
            replay.alert(alert);
            replay.advance(Duration.ofSeconds(5));
            assertThat(replay.dispatch.offered).as("handed out again while the senders hold them").isEmpty();

            // the results arrive: sent, once
            jobs.forEach(job -> replay.answer(job, Outcome.SENT, null));
            replay.advance(Duration.ofMinutes(1));
            assertThat(replay.dispatch.offered).isEmpty();
            assertThat(replay.view("a-replay").recipients()).extracting(RecipientStatus::status)
                    .containsOnly("sent");
        }
    }

    @Test
    void aResultReadAgainChangesNothing() {
        String patient = patientWithTeam("replayed");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-again"));
        List<SendJob> jobs = stream.sendAll();

        jobs.forEach(job -> stream.answer(job, Outcome.SENT, null));
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-again"));

        stream.advance(Duration.ofMinutes(1));
        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("a-again").recipients()).extracting(RecipientStatus::status).containsOnly("sent");
    }

    // ------------------------------------------------------------------------------------ CRITICAL reminders

    @Test
    void aCriticalAlertRemindsThePhysicianUntilAcknowledgedAndTheFirstPressWins() {
        String patient = patientWithTeam("remind");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-remind"));
        assertThat(stream.sendAll()).hasSize(3);

        stream.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(stream.sendAll()).singleElement().satisfies(job -> {
            assertThat(job.kind()).isEqualTo(EmailKind.REMINDER);
            assertThat(job.reminder()).isEqualTo(1);
            assertThat(job.recipient().role()).isEqualTo(CareTeamRole.PHYSICIAN);
        });

        // after a pause of two hours the next number goes once, not every one missed
        stream.advance(Duration.ofHours(2));
        assertThat(stream.sendAll()).singleElement().satisfies(job -> assertThat(job.reminder()).isEqualTo(2));

        // the nurse presses first, the physician second
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-remind", patient,
                "nurse-" + patient + "@clinic.example", stream.now(), "press-1"));
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-remind", patient,
                "neuro-" + patient + "@clinic.example", stream.now(), "press-2"));
        stream.advance(Duration.ofHours(1));
        assertThat(stream.dispatch.offered).isEmpty();
        DeliveryLogView view = stream.view("c-remind");
        assertThat(view.acknowledged().acknowledgedBy()).isEqualTo("nurse-" + patient + "@clinic.example");
        assertThat(view.recipients()).extracting(RecipientStatus::status)
                .containsExactly("sent", "acknowledged", "sent");
        assertThat(view.recipients().get(0).reminders()).isEqualTo(2);
    }

    @Test
    void onlyAClinicianTheCriticalAlertWasMailedToAcknowledgesIt() {
        // given a CRITICAL alert mailed to the physician, the nurse and the caregiver, and a HIGH one
        String patient = patientWithTeam("who-acks");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-who"));
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "h-who"));
        stream.sendAll();

        // when the caregiver (a forwarded email, or a link of the first version), an address the alert never reached,
        // and the physician for the HIGH alert press
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-who", patient,
                "sam-" + patient + "@family.example", stream.now(), "press-caregiver"));
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-who", patient, "mallory@example.com",
                stream.now(), "press-stranger"));
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "h-who", patient,
                "neuro-" + patient + "@clinic.example", stream.now(), "press-high"));

        // then nothing is acknowledged, the physician is still reminded, and the three presses are counted
        assertThat(stream.view("c-who").acknowledged()).isNull();
        assertThat(stream.view("h-who").acknowledged()).isNull();
        assertThat(stream.view("c-who").mayBeAcknowledgedBy("sam-" + patient + "@family.example")).isFalse();
        assertThat(stream.view("c-who").mayBeAcknowledgedBy("NEURO-" + patient + "@clinic.example")).isTrue();
        assertThat(stream.view("h-who").mayBeAcknowledgedBy("neuro-" + patient + "@clinic.example")).isFalse();
        assertThat(stream.meters.get("adherence.notification.acknowledgements.refused").counter().count())
                .isEqualTo(3);
        stream.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(recipients(stream.sendAll())).containsExactly("neuro-" + patient + "@clinic.example");

        // and the nurse's press, in another case, acknowledges it
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-who", patient,
                "Nurse-" + patient + "@Clinic.example", stream.now(), "press-nurse"));
        assertThat(stream.view("c-who").acknowledged().acknowledgedBy())
                .isEqualTo("Nurse-" + patient + "@Clinic.example");
    }

    // ------------------------------------------------------------------------------ the console's acknowledgement

    private static AckRequested consolePress(String alertId, String patient, String by, String requestId,
                                             String reason) {
        return new AckRequested(AckRequested.SCHEMA_VERSION, alertId, patient, by, START, requestId,
                AckRequested.VIA_CONSOLE, reason);
    }

    @Test
    void theConsoleAcknowledgesAnAlertOfAnySeverityWithItsReasonWhileALinksPressStillFollowsTheRule() {
        // given a HIGH alert mailed to the whole team, a WARNING one waiting for its group, and a CRITICAL one
        String patient = patientWithTeam("console");
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "h-console"));
        stream.alert(alert(patient, RuleId.DOUBLE_DOSE, "w-console"));
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-console"));
        stream.sendAll();

        // when a link's press (a caregiver's, of the CRITICAL one; the physician's, of the HIGH one) comes, marked as
        // an email's, and the console's presses of a nurse, who needs no email of the alert
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-console", patient,
                "sam-" + patient + "@family.example", stream.now(), "press-caregiver", AckRequested.VIA_EMAIL, null));
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "h-console", patient,
                "neuro-" + patient + "@clinic.example", stream.now(), "press-link", AckRequested.VIA_EMAIL, null));
        assertThat(stream.view("c-console").acknowledged()).isNull();
        assertThat(stream.view("h-console").acknowledged()).isNull();
        stream.ack(consolePress("h-console", patient, "nurse-" + patient + "@clinic.example", "press-1",
                "Called the patient: dose taken twice by mistake."));
        stream.ack(consolePress("w-console", patient, "pharmacist@clinic.example", "press-2", null));

        // then the link's presses are refused as before, and the console's are taken, with the reason and how
        assertThat(stream.meters.get("adherence.notification.acknowledgements.refused").counter().count())
                .isEqualTo(2);
        DeliveryLogView high = stream.view("h-console");
        assertThat(high.acknowledged()).isEqualTo(new DeliveryLogView.Acknowledgement("h-console", patient,
                "nurse-" + patient + "@clinic.example", START, "console",
                "Called the patient: dose taken twice by mistake."));
        assertThat(high.recipients()).extracting(RecipientStatus::status)
                .containsExactly("sent", "acknowledged", "sent");
        assertThat(stream.view("w-console").acknowledged().acknowledgedBy()).isEqualTo("pharmacist@clinic.example");
        assertThat(stream.view("w-console").acknowledged().reason()).isNull();
        assertThat(stream.view("c-console").acknowledged()).isNull();
    }

    @Test
    void theConsolesAcknowledgementStopsTheRemindersOfACriticalAlertAndTheFirstPressWins() {
        String patient = patientWithTeam("console-critical");
        stream.alert(alert(patient, RuleId.WITHDRAWAL_SIGNS, "c-console-first"));
        stream.sendAll();
        stream.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(stream.sendAll()).singleElement().satisfies(job -> assertThat(job.kind())
                .isEqualTo(EmailKind.REMINDER));

        stream.ack(consolePress("c-console-first", patient, "dana@clinic.example", "press-console", "On my way."));
        // the physician's link, pressed after: too late
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-console-first", patient,
                "neuro-" + patient + "@clinic.example", stream.now(), "press-link", AckRequested.VIA_EMAIL, null));
        stream.advance(Duration.ofHours(1));

        assertThat(stream.dispatch.offered).isEmpty();
        DeliveryLogView.Acknowledgement first = stream.view("c-console-first").acknowledged();
        assertThat(first.acknowledgedBy()).isEqualTo("dana@clinic.example");
        assertThat(first.via()).isEqualTo("console");
        assertThat(first.reason()).isEqualTo("On my way.");
        assertThat(stream.meters.get("adherence.critical.alerts.unacknowledged").gauge().value()).isZero();
    }

    @Test
    void aLinksPressWithoutViaAsTheFirstVersionWroteItIsStillTakenAndShownAsAnEmails() {
        String patient = patientWithTeam("old-press");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-old-press"));
        stream.sendAll();

        stream.rawAck(patient, ("{\"schemaVersion\":1,\"alertId\":\"c-old-press\",\"patientId\":\"" + patient
                + "\",\"by\":\"neuro-" + patient + "@clinic.example\",\"at\":\"2026-11-24T09:00:00Z\","
                + "\"requestId\":\"press-old\"}").getBytes(StandardCharsets.UTF_8));

        DeliveryLogView.Acknowledgement first = stream.view("c-old-press").acknowledged();
        assertThat(first.acknowledgedBy()).isEqualTo("neuro-" + patient + "@clinic.example");
        assertThat(first.via()).isEqualTo("email");
        assertThat(first.reason()).isNull();
    }

    @Test
    void storedRecordsWrittenBeforeTheConsoleAreStillRead() {
        Acknowledged acknowledged = new JsonSerde<>(Acknowledged.class).deserialize(NotificationStores.ACKS,
                "{\"by\":\"neuro@clinic.example\",\"at\":\"2026-11-24T09:00:00Z\",\"requestId\":\"press-1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(acknowledged).isEqualTo(new Acknowledged("neuro@clinic.example", START, "press-1", null, null));

        DeliveryLogView view = new JsonSerde<>(DeliveryLogView.class).deserialize(DeliveryLogView.STORE, ("""
                {"alert":{"schemaVersion":1,"alertId":"c-1","patientId":"p-1","rule":"OVERDOSE_SIGNS",
                 "severity":"CRITICAL","raisedAt":"2026-11-24T09:00:00Z","summary":"s","guidance":"g",
                 "evidence":{"eventIds":["e-1"],"symptoms":[]},"rulePack":"baclofen@1"},
                 "timeZone":"Europe/Berlin",
                 "acknowledged":{"alertId":"c-1","patientId":"p-1","acknowledgedBy":"neuro@clinic.example",
                  "acknowledgedAt":"2026-11-24T09:05:00Z"},
                 "recipients":[{"address":"neuro@clinic.example","role":"PHYSICIAN","status":"acknowledged",
                  "sentAt":"2026-11-24T09:00:01Z","reminders":0,"acknowledgedAt":"2026-11-24T09:05:00Z"}],
                 "clinicId":"clinic-a"}""").getBytes(StandardCharsets.UTF_8));
        assertThat(view.acknowledged()).isEqualTo(new DeliveryLogView.Acknowledgement("c-1", "p-1",
                "neuro@clinic.example", Instant.parse("2026-11-24T09:05:00Z"), null, null));
        assertThat(view.isOfClinic("clinic-a")).isTrue();

        AckRequested press = NotificationTopics.ACK_REQUESTS.valueSerde().deserialize(
                NotificationTopics.ACK_REQUESTS.name(), ("{\"schemaVersion\":1,\"alertId\":\"c-1\",\"patientId\":"
                        + "\"p-1\",\"by\":\"neuro@clinic.example\",\"at\":\"2026-11-24T09:00:00Z\","
                        + "\"requestId\":\"press-1\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(press.via()).isNull();
        assertThat(press.isFromConsole()).isFalse();
    }

    @Test
    void theReasonIsNeitherLoggedNorInTheRecordsTexts() {
        String reason = "Patient confided a relapse";
        assertThat(consolePress("a", "p", "x@clinic.example", "r", reason).toString()).doesNotContain(reason)
                .doesNotContain("x@clinic.example");
        assertThat(new Acknowledged("x@clinic.example", START, "r", "console", reason).toString())
                .doesNotContain(reason);
        assertThat(new DeliveryLogView.Acknowledgement("a", "p", "x@clinic.example", START, "console", reason)
                .toString()).doesNotContain(reason);
    }

    @Test
    void withoutAPhysicianTheRemindersGoToTheOtherClinicians() {
        String patient = Fixtures.newPatientId("no-physician");
        stream.profile(Fixtures.profileOf(patient, List.of(
                new CareTeamMember("Kim", "nurse@clinic.example", CareTeamRole.NURSE),
                new CareTeamMember("Lee", "pharmacy@clinic.example", CareTeamRole.PHARMACIST),
                new CareTeamMember("Sam", "sam@family.example", CareTeamRole.CAREGIVER))));
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-nurse"));
        stream.sendAll();

        stream.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThat(recipients(stream.sendAll())).containsExactly("nurse@clinic.example", "pharmacy@clinic.example");
    }

    @Test
    void anAddressContainingAPipeCannotPassForThePhysiciansReminder() {
        String patient = Fixtures.newPatientId("pipe");
        stream.profile(Fixtures.profileOf(patient, List.of(
                new CareTeamMember("Dr. Rivera", "neuro@clinic.example", CareTeamRole.PHYSICIAN),
                // from a profile written before intake refused '|': the ledger key of its email would be the one of
                // the physician's first reminder, <alertId>|reminder-1|neuro@clinic.example
                new CareTeamMember("Odd", "reminder-1|neuro@clinic.example", CareTeamRole.CAREGIVER))));
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-pipe"));
        assertThat(recipients(stream.sendAll())).containsExactly("neuro@clinic.example",
                "reminder-1|neuro@clinic.example");

        stream.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThat(stream.sendAll()).singleElement().satisfies(job -> {
            assertThat(job.kind()).isEqualTo(EmailKind.REMINDER);
            assertThat(job.reminder()).isEqualTo(1);
            assertThat(job.recipient().email()).isEqualTo("neuro@clinic.example");
        });
    }

    // -------------------------------------------------------------------------------------------- INFO digests

    @Test
    void infoAlertsGoInOneDigestPerPatientAndLocalDayToTheWholeTeam() {
        String patient = patientWithTeam("digest");
        stream.alert(alert(patient, RuleId.SIDE_EFFECT_REPORTED, "i-1"));
        stream.advance(Duration.ofHours(2));
        stream.alert(alert(patient, RuleId.MISSED_DOSES, "i-2"));
        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("i-1").recipients()).extracting(RecipientStatus::status)
                .containsOnly("queued-for-digest");

        // midnight in Berlin is 23:00 UTC: 12 hours after 11:00 UTC
        stream.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(stream.dispatch.offered).isEmpty();
        stream.advance(Duration.ofSeconds(2));
        List<SendJob> digests = stream.sendAll();
        assertThat(recipients(digests)).hasSize(3);
        assertThat(digests).allSatisfy(job -> {
            assertThat(job.kind()).isEqualTo(EmailKind.DIGEST);
            assertThat(job.alertIds()).containsExactly("i-1", "i-2");
            assertThat(job.digestDate()).hasToString("2026-11-24");
        });
        assertThat(stream.view("i-2").recipients()).extracting(RecipientStatus::status).containsOnly("sent");
    }

    // -------------------------------------------------------------------------------------------- held alerts

    @Test
    void anAlertWithoutACareTeamIsHeldAndMailedAtOnceWhenTheProfileComes() {
        String patient = Fixtures.newPatientId("held");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-held"));
        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("c-held").recipients()).isEmpty();
        assertThat(stream.meters.get("adherence.notifications").tags("severity", "CRITICAL", "outcome",
                "undeliverable").counter().count()).isEqualTo(1);
        assertThat(stream.meters.get("adherence.notifications.held").gauge().value()).isEqualTo(1);

        stream.profile(Fixtures.profileOf(patient, Fixtures.careTeamOf(patient)));

        assertThat(stream.dispatch.take()).hasSize(3).allSatisfy(job -> assertThat(job.lane())
                .isEqualTo(Lane.CRITICAL));
        assertThat(stream.meters.get("adherence.notifications.held").gauge().value()).isZero();
    }

    // -------------------------------------------------------------------------------------------- dead letters

    @Test
    void anAlertRecordThatCannotBeReadIsDeadLetteredCountedAndTheNextOneIsMailed() {
        String patient = patientWithTeam("garbled");
        stream.rawAlert(patient, "{not json".getBytes(StandardCharsets.UTF_8));
        stream.rawAlert(patient, """
                {"schemaVersion":1,"alertId":"x","patientId":"%s","rule":"A_RULE_FROM_THE_FUTURE","severity":"HIGH"}"""
                .formatted(patient).getBytes(StandardCharsets.UTF_8));
        stream.alert(alert(patient, RuleId.SINGLE_DOSE_ABOVE_MAX, "a-after"));

        List<TestRecord<String, byte[]>> deadLetters = stream.deadLetters.readRecordsToList();
        assertThat(deadLetters).extracting(record -> reason(record.getHeaders().lastHeader(
                AlertDeadLettering.REASON))).containsExactly("unreadable", "unknown_code");
        assertThat(deadLetters).extracting(record -> reason(record.getHeaders().lastHeader(
                AlertDeadLettering.DETAIL))).element(1).isEqualTo("RuleId");
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(stream.meters.get("adherence.alerts.dead.lettered").tag("reason", "unknown_code").counter()
                .count()).isEqualTo(1);
        assertThat(stream.dispatch.take()).hasSize(3);
    }

    private static String reason(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ retention

    @Test
    void anAlertAndAllAboutItLeaveTheStoresWhenItsRetentionEnds() {
        String patient = patientWithTeam("old");
        stream.alert(alert(patient, RuleId.OVERDOSE_SIGNS, "c-old"));
        stream.sendAll();
        stream.ack(new AckRequested(AckRequested.SCHEMA_VERSION, "c-old", patient,
                "neuro-" + patient + "@clinic.example", stream.now(), "press"));

        stream.advance(Duration.ofDays(45).plusSeconds(1));

        assertThat(stream.view("c-old")).isNull();
        for (String store : Set.of(NotificationStores.ALERTS, NotificationStores.LEDGER, NotificationStores.ACKS,
                NotificationStores.CRITICALS, NotificationStores.OUTBOX)) {
            try (var entries = stream.store(store).all()) {
                assertThat(entries.hasNext()).as(store + " empty").isFalse();
            }
        }
        assertThat(stream.meters.get("adherence.critical.alerts.unacknowledged").gauge().value()).isZero();
    }

    @Test
    void aProfileWithoutAClinicianLeavesWarningsHeldRatherThanMailingNobody() {
        String patient = Fixtures.newPatientId("carer-only");
        stream.profile(Fixtures.profileOf(patient, List.of(new CareTeamMember("Sam", "sam@family.example",
                CareTeamRole.CAREGIVER))));

        stream.alert(alert(patient, RuleId.DOUBLE_DOSE, "w-nobody"));
        stream.advance(Duration.ofMinutes(2));

        assertThat(stream.dispatch.offered).isEmpty();
        assertThat(stream.view("w-nobody").alert().severity()).isEqualTo(Severity.WARNING);
        assertThat(stream.meters.get("adherence.notifications.held").gauge().value()).isEqualTo(1);
    }
}
