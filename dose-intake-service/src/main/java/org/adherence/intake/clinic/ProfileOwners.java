package org.adherence.intake.clinic;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.adherence.contracts.clinics.ProfileOwnership;
import org.adherence.intake.problem.EventNotDurableException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Which clinic owns which patient, as this instance's view of {@code adherence.patient-profiles} says (a Kafka
 * Streams global store, queried locally: every instance reads the whole topic in the same order, so every instance
 * decides the same way). A write of this instance is known once the view has read it back ({@link #awaitSeen}).
 */
public class ProfileOwners {

    /** The global store: patient id -> {@link ProfileOwner}, in memory, rebuilt from the topic at every start. */
    static final String STORE = "profile-owners";

    private final ProfileView view;

    private final SeenOffsets seen;

    ProfileOwners(ProfileView view, SeenOffsets seen) {
        this.view = view;
        this.seen = seen;
    }

    /** Whether the patient is this clinic's. A patient nobody holds is nobody's. */
    public boolean isOwnedBy(String patientId, String clinic) {
        return entry(patientId).map(owner -> clinic.equals(owner.clinicId())).orElse(false);
    }

    /** Whether a clinic may put the patient's profile: its own patient, or one no clinic holds yet (enrolling it). */
    public boolean mayEnrolOrUpdate(String patientId, String clinic) {
        return entry(patientId).map(owner -> ProfileOwnership.accepts(owner.clinicId(), clinic)).orElse(true);
    }

    Optional<ProfileOwner> entry(String patientId) {
        try {
            return Optional.ofNullable(view.store().get(patientId));
        }
        catch (InvalidStateStoreException notYet) {
            throw notReady(notYet);
        }
    }

    /** Completes once the view has read the record at {@code offset} of {@code partition}. */
    CompletableFuture<Void> awaitSeen(int partition, long offset) {
        return seen.await(partition, offset);
    }

    private static EventNotDurableException notReady(Exception cause) {
        return new EventNotDurableException("Which clinic holds which patient is not known yet here (the view of "
                + "the profiles is starting or failed).", cause);
    }
}
