package org.adherence.intake.clinic;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.adherence.contracts.Topics;
import org.adherence.intake.problem.EventNotDurableException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A profile put by a care team is confirmed only once this instance's view has read it back: then the view knows the
 * patient is the clinic's (a {@code POST} right after the {@code 202} finds it), and a race is decided.
 * <p>
 * The race: two clinics put a new patient id on two instances at once; neither view holds the id yet, so both write.
 * The first on the topic wins everywhere ({@code ProfileOwnership}); the other request is answered {@code 403} here,
 * like any write for another clinic's patient. Its record stays on the topic, ignored by every consumer; but on a
 * compacted topic the latest record of a key is the one that survives, so when the loser's is the patient's latest,
 * the owner's latest profile is written again on top of it (unchanged), and a consumer that reads the topic from the
 * beginning after compaction still finds the owner's. docs/security.md says what is left of the window.
 */
public class Enrolments {

    private static final Logger log = LoggerFactory.getLogger(Enrolments.class);

    private final ProfileOwners owners;

    private final KafkaTemplate<String, Object> kafka;

    private final Duration timeout;

    Enrolments(ProfileOwners owners, KafkaTemplate<String, Object> kafka, Duration timeout) {
        this.owners = owners;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /**
     * Completes when the clinic's profile, written at {@code written}, made or kept the patient the clinic's; fails
     * with the refusal of another clinic's patient when another clinic's profile came first, and with
     * {@link EventNotDurableException} (503: put it again) when the view has not read it within the timeout.
     */
    public CompletableFuture<Void> confirm(String clinic, String patientId, RecordMetadata written) {
        return owners.awaitSeen(written.partition(), written.offset())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((seen, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        throw new EventNotDurableException("The profile of patient " + patientId + " is stored, but "
                                + "this instance could not confirm within " + timeout.toSeconds() + " s that the "
                                + "patient is the clinic's" + (cause instanceof TimeoutException ? "" : " (" + cause
                                + ")") + "; put it again.", cause);
                    }
                    Optional<ProfileOwner> owner = owners.entry(patientId);
                    if (owner.isPresent() && clinic.equals(owner.get().clinicId())) {
                        return null;
                    }
                    lostTheRace(patientId, written, owner);
                    throw NotOfClinic.refusal(patientId, clinic);
                });
    }

    private void lostTheRace(String patientId, RecordMetadata written, Optional<ProfileOwner> owner) {
        log.warn("A profile of patientId={} written at {}-{} lost to the clinic that enrolled the patient first; "
                + "answered 403", patientId, written.partition(), written.offset());
        if (owner.isEmpty() || owner.get().profile() == null || owner.get().lastOffset() != written.offset()) {
            // the owner's profile is the latest already (or nobody's is left to restore)
            return;
        }
        kafka.send(Topics.PATIENT_PROFILES.name(), patientId, owner.get().profile()).whenComplete((result, failure) -> {
            if (failure == null) {
                log.info("Wrote the profile of patientId={} of its clinic again at {}-{}, on top of the one that lost",
                        patientId, result.getRecordMetadata().partition(), result.getRecordMetadata().offset());
            }
            else {
                log.error("Could not write the profile of patientId={} of its clinic again on top of the one that "
                        + "lost: {}. Until that clinic puts it again, a consumer that reads the compacted topic from "
                        + "its start may take the other clinic's", patientId, failure.toString());
            }
        });
    }
}
