package org.adherence.intake.clinic;

import org.adherence.contracts.clinics.ProfileOwnership;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.ContractJson;
import org.adherence.intake.metrics.IntakeMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;

/**
 * Keeps the view of who owns each patient, on the global stream thread, from every record of
 * {@code adherence.patient-profiles} in the topic's order (also when the view is rebuilt at start):
 * {@code first clinic on the topic owns the patient; its later profiles replace the kept one; another clinic's (or
 * one of no clinic) after it are ignored, counted and logged; a tombstone forgets the patient}
 * ({@link ProfileOwnership}, the rule every consumer applies).
 */
final class OwnershipProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(OwnershipProcessor.class);

    private final SeenOffsets seen;

    private final IntakeMetrics metrics;

    private ProcessorContext<Void, Void> context;

    private KeyValueStore<String, ProfileOwner> owners;

    OwnershipProcessor(SeenOffsets seen, IntakeMetrics metrics) {
        this.seen = seen;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.owners = context.getStateStore(ProfileOwners.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata at = context.recordMetadata().orElse(null);
        long offset = at == null ? -1 : at.offset();
        try {
            if (record.key() != null) {
                apply(record.key(), record.value(), offset);
            }
        }
        finally {
            if (at != null) {
                seen.seen(at.partition(), at.offset());
            }
        }
    }

    private void apply(String patientId, byte[] value, long offset) {
        if (value == null) {
            owners.delete(patientId);
            return;
        }
        PatientProfileUpdated profile;
        try {
            profile = ContractJson.mapper().readValue(value, PatientProfileUpdated.class);
        }
        catch (JacksonException | IllegalArgumentException | NullPointerException unreadable) {
            metrics.profileIgnored(IntakeMetrics.IgnoredProfile.UNREADABLE);
            log.warn("Ignored an unreadable profile record of patientId={} at offset {}", patientId, offset);
            return;
        }
        ProfileOwner current = owners.get(patientId);
        String owner = current == null ? null : current.clinicId();
        if (ProfileOwnership.accepts(owner, profile.clinicId())) {
            owners.put(patientId, new ProfileOwner(ProfileOwnership.ownerAfter(owner, profile.clinicId()), offset,
                    profile));
            return;
        }
        owners.put(patientId, current.withLastOffset(offset));
        metrics.profileIgnored(IntakeMetrics.IgnoredProfile.OTHER_CLINIC);
        log.warn("Ignored a profile of patientId={} at offset {} from clinic {}: the patient is another clinic's",
                patientId, offset, profile.clinicId());
    }
}
