package org.adherence.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.adherence.contracts.Topics;
import org.adherence.fault.BadRequests.BadRequest;
import org.adherence.testsupport.TestTokens;
import org.adherence.testsupport.http.RawHttp;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generated corpus of bad requests ({@link BadRequests}) against intake and notification-service as real processes
 * on a real broker: every answer a {@code 4xx} problem detail (RFC 9457, {@code application/problem+json}) that quotes
 * a bounded part of the request, never a {@code 5xx}, and every topic's end offsets as they were. The seed is printed;
 * {@code -Dcorpus.seed=<n>} replays another corpus.
 */
@ExtendWith(SecurityStack.class)
class BadRequestCorpusTest {

    private static final Logger log = LoggerFactory.getLogger(BadRequestCorpusTest.class);

    private static final long SEED = Long.getLong("corpus.seed", 0x5EC13L);

    /** Bytes of an answer: a problem detail names fields and quotes a few dozen characters of a value, no more. */
    private static final int MAX_ANSWER_BYTES = 4096;

    /** Requests of one patient app's token, well within its rate limit (120 a minute). */
    private static final int REQUESTS_PER_PATIENT_APP = 60;

    private static final List<String> TOPICS = List.of(Topics.PATIENT_PROFILES.name(), Topics.DOSE_EVENTS.name(),
            Topics.SYMPTOM_EVENTS.name(), Topics.ALERTS.name(), "notification-service.ack-requests");

    @Test
    void everyBadRequestIsRefusedWithAProblemDetailAndNothingIsPublished() throws Exception {
        FaultStack stack = SecurityStack.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String clinic = "corpus-clinic-" + run;
        String patient = "corpus-" + run;
        // given a patient of the corpus's clinic, so that a care team's requests reach the checks of their bodies
        RawHttp.Answer enrolled = new Api(stack.intake()).json("PUT", "/api/v1/patients/" + patient,
                TestTokens.careTeam(clinic), Patients.profile(patient));
        assertThat(enrolled.status()).as(Api.describe(enrolled)).isEqualTo(202);
        Map<TopicPartition, Long> before = settledOffsets(stack);
        List<BadRequest> corpus = BadRequests.generate(SEED);
        log.info("Bad-request corpus: {} requests generated from seed {} (-Dcorpus.seed={} replays it)",
                corpus.size(), SEED, SEED);

        // when each is sent
        Senders senders = new Senders(stack, clinic, patient, run);
        Map<String, Integer> byKind = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> faults = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < corpus.size(); i++) {
            BadRequest request = corpus.get(i);
            byKind.merge(request.service() + " " + request.kind(), 1, Integer::sum);
            try {
                RawHttp.Answer answer = senders.send(request);
                byStatus.merge(answer.status(), 1, Integer::sum);
                List<String> wrong = Api.refusalFaults(answer, MAX_ANSWER_BYTES);
                if (!wrong.isEmpty()) {
                    faults.add("#" + i + " " + request + ": " + wrong + " <- " + Api.describe(answer));
                }
            }
            catch (RuntimeException noAnswer) {
                byStatus.merge(0, 1, Integer::sum);
                faults.add("#" + i + " " + request + ": no answer (" + noAnswer + ")");
            }
        }
        log.info("Bad-request corpus (seed {}): {} requests in {} s; by kind {}; by status {} (0: no answer); {} "
                        + "not refused as they should be", SEED, corpus.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), byKind, byStatus, faults.size());

        // then every one was refused with a problem detail, and nothing reached a topic
        assertThat(corpus).as("the size of the corpus").hasSizeGreaterThanOrEqualTo(500);
        assertThat(faults).as("answers that are not a bounded 4xx problem detail (seed " + SEED + ")").isEmpty();
        assertThat(TopicRecords.endOffsets(stack.kafka().bootstrapServers(), TOPICS))
                .as("the topics' end offsets after the corpus").isEqualTo(before);
        stack.intake().awaitHealthy(Duration.ofSeconds(10));
        stack.notifications().get(0).awaitHealthy(Duration.ofSeconds(10));
    }

    /** The topics' end offsets once they have not moved for three seconds (the enrolment and earlier tests done). */
    private static Map<TopicPartition, Long> settledOffsets(FaultStack stack) {
        String servers = stack.kafka().bootstrapServers();
        AtomicReference<Map<TopicPartition, Long>> last = new AtomicReference<>(TopicRecords.endOffsets(servers,
                TOPICS));
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            Map<TopicPartition, Long> now = TopicRecords.endOffsets(servers, TOPICS);
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /** Sends a corpus request with the token it names, its placeholders filled in. */
    private static final class Senders {

        private final Api intake;

        private final Api notification;

        private final String careTeam;

        private final String careTeamRead;

        private final String patient;

        private final String run;

        private final String alert = UUID.randomUUID().toString();

        private int patientAppRequests;

        private Senders(FaultStack stack, String clinic, String patient, String run) {
            this.intake = new Api(stack.intake());
            this.notification = new Api(stack.notifications().get(0));
            this.careTeam = TestTokens.careTeam(clinic);
            this.careTeamRead = TestTokens.token().subject("care-team-" + clinic).scope("care-team:read")
                    .clinic(clinic).sign();
            this.patient = patient;
            this.run = run;
        }

        RawHttp.Answer send(BadRequest request) {
            String target = request.target().replace(BadRequests.ALERT, alert);
            String token;
            switch (request.auth()) {
                case PATIENT_APP -> {
                    // a patient app of its own every few dozen requests: the corpus is about bodies, not rates
                    String app = "corpus-app-" + run + "-" + patientAppRequests++ / REQUESTS_PER_PATIENT_APP;
                    target = target.replace(BadRequests.PATIENT, app);
                    token = TestTokens.patientApp(app);
                }
                case CARE_TEAM -> token = careTeam;
                case CARE_TEAM_READ -> token = careTeamRead;
                default -> token = null;
            }
            target = target.replace(BadRequests.PATIENT, patient);
            Map<String, String> headers = Api.bearer(token);
            headers.putAll(request.headers());
            Api api = request.service() == BadRequests.Service.INTAKE ? intake : notification;
            return api.send(request.method(), target, headers, request.body());
        }
    }
}
