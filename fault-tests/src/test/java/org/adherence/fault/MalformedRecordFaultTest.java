package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.adherence.contracts.Topics;
import org.adherence.testsupport.mail.TestMailServer;
import org.adherence.testsupport.process.ServiceProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record no service can read, put on each topic a service consumes, in front of a patient's real events on the
 * same partition: each goes to its consumer's dead-letter topic as it was, is counted, and the patient's next records
 * are processed as if nothing had happened (the dose raises its alert, the alert is mailed).
 */
@ExtendWith(SharedStack.class)
class MalformedRecordFaultTest {

    private static final Logger log = LoggerFactory.getLogger(MalformedRecordFaultTest.class);

    private static final String RULES_APPLICATION_ID = "adherence-rules";

    private static final String NOTIFICATION_APPLICATION_ID = "notification-service";

    private static final String ACK_REQUESTS = "notification-service.ack-requests";

    @Test
    void anUnreadableRecordOnEachInputTopicIsDeadLetteredCountedAndTheNextRecordsAreProcessed() throws Exception {
        FaultStack stack = SharedStack.get();
        String servers = stack.kafka().bootstrapServers();
        Patients patients = Patients.of("garbled", 1);
        String patient = patients.id(0);
        patients.enrol(stack);
        double rulesDroppedBefore = sum(stack.rules().get(0), "kafka_stream_task_dropped_records_total");
        double alertsDeadLetteredBefore = sum(stack.notifications().get(0), "adherence_alerts_dead_lettered_total");
        double notificationDroppedBefore = sum(stack.notifications().get(0), "kafka_stream_task_dropped_records_total");

        // given, under the patient's key, a record that is not JSON on each topic a service reads (the acknowledgement
        // requests are notification-service's own), and on the alerts topic one of a rule this version does not know
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        for (String topic : List.of(Topics.DOSE_EVENTS.name(), Topics.SYMPTOM_EVENTS.name(),
                Topics.PATIENT_PROFILES.name(), Topics.ALERTS.name(), ACK_REQUESTS)) {
            TopicRecords.send(servers, topic, patient, garbage);
        }
        TopicRecords.send(servers, Topics.ALERTS.name(), patient, """
                {"schemaVersion": 1, "alertId": "from-a-newer-rules-service", "patientId": "%s",
                 "rule": "A_RULE_FROM_THE_FUTURE", "severity": "HIGH", "raisedAt": "2026-11-24T10:00:00Z",
                 "summary": "s", "guidance": "g", "evidence": {}, "rulePack": "baclofen@9"}"""
                .formatted(patient).getBytes(StandardCharsets.UTF_8));
        // the profile again: the garbage on the compacted profiles topic must not be the patient's latest value
        patients.enrol(stack);

        // when the patient's app posts a 25 mg dose behind them
        String eventId = java.util.UUID.randomUUID().toString();
        var answer = stack.send("POST", "/api/v1/patients/" + patient + "/doses", Patients.token(patient),
                "{\"eventId\":\"%s\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\"%s\"}".formatted(eventId,
                        java.time.OffsetDateTime.now().minusMinutes(1)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

        // then each unreadable record is on its consumer's dead-letter topic, as it was
        Map<String, Integer> deadLetters = Map.of(
                "error." + Topics.DOSE_EVENTS.name() + "." + RULES_APPLICATION_ID, 1,
                "error." + Topics.SYMPTOM_EVENTS.name() + "." + RULES_APPLICATION_ID, 1,
                "error." + Topics.PATIENT_PROFILES.name() + "." + RULES_APPLICATION_ID, 1,
                "error." + Topics.PATIENT_PROFILES.name() + "." + NOTIFICATION_APPLICATION_ID, 1,
                "error." + ACK_REQUESTS + "." + NOTIFICATION_APPLICATION_ID, 1,
                "error." + Topics.ALERTS.name() + "." + NOTIFICATION_APPLICATION_ID, 2);
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> deadLetters.forEach((topic, count) ->
                assertThat(TopicRecords.read(servers, topic, patient::equals)).as(topic).hasSize(count)));
        deadLetters.keySet().forEach(topic -> assertThat(TopicRecords.read(servers, topic, patient::equals))
                .as(topic).anySatisfy(entry -> assertThat(entry.value()).isEqualTo("{not json")));
        // and counted (Kafka Streams' own count of records its handlers let go; Micrometer picks up a task's newly
        // made metrics within a minute)
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(sum(stack.rules().get(0), "kafka_stream_task_dropped_records_total") - rulesDroppedBefore)
                    .as("records rules-service dropped to its dead-letter topics").isEqualTo(3);
            assertThat(sum(stack.notifications().get(0), "adherence_alerts_dead_lettered_total")
                    - alertsDeadLetteredBefore).as("alert records dead-lettered").isEqualTo(2);
            assertThat(sum(stack.notifications().get(0), "kafka_stream_task_dropped_records_total")
                    - notificationDroppedBefore).as("profile and acknowledgement records notification-service "
                    + "dropped to its dead-letter topics").isEqualTo(2);
        });
        // and the dose behind them raised its alert, mailed to both
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(stack.mail()
                .received(mail -> mail.subject().equals("[HIGH] SINGLE_DOSE_ABOVE_MAX - patient " + patient)))
                .extracting(TestMailServer.Mail::recipient)
                .containsExactlyInAnyOrder(Patients.physician(patient), Patients.caregiver(patient)));
        log.info("dead letters of patient {}: {}", patient, deadLetters);
    }

    /** The sum of every series of a metric on the instance's scrape. */
    private static double sum(ServiceProcess instance, String metric) throws Exception {
        return instance.scrape().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
