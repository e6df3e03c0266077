package org.adherence.rules.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.rules.stream.RulesState;
import org.adherence.support.streams.InstanceForwarding;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.cloud.stream.binder.kafka.streams.InteractiveQueryService;
import org.springframework.stereotype.Component;

/**
 * The rules' state as Kafka Streams' interactive queries give it, correct with several instances: a patient's record
 * is read where the patient's partition is active (here, or the request goes there), and the quiet patients are
 * gathered from this instance's partitions and from every other instance's.
 */
@Component
class StateQueries {

    private final InteractiveQueryService queries;

    private final InstanceForwarding instances = new InstanceForwarding(Duration.ofSeconds(10));

    private final Clock clock;

    StateQueries(InteractiveQueryService queries) {
        this.queries = queries;
        this.clock = Clock.systemUTC();
    }

    /** Where a patient's state is. */
    sealed interface Location {

        record Here(Optional<PatientRecord> record) implements Location {
        }

        record Elsewhere(HostInfo host) implements Location {
        }

        /** Starting or rebalancing: ask again in a few seconds. */
        record NotNow() implements Location {
        }
    }

    Location record(String patientId, Instant from, Instant to, HttpServletRequest request) {
        KeyQueryMetadata where;
        try {
            where = queries.getKeyQueryMetadata(RulesState.NAME, patientId, Serdes.String().serializer());
        }
        catch (RuntimeException notRunning) {
            return new Location.NotNow();
        }
        if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE
                || !InstanceForwarding.isKnown(where.activeHost())) {
            return new Location.NotNow();
        }
        if (!where.activeHost().equals(queries.getCurrentHostInfo())) {
            return InstanceForwarding.isForwarded(request) ? new Location.NotNow()
                    : new Location.Elsewhere(where.activeHost());
        }
        try {
            KafkaStreams streams = queries.getKafkaStreams(RulesState.NAME, patientId, Serdes.String().serializer());
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    RulesState.NAME, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                    .withPartition(where.partition()));
            return new Location.Here(RulesStateReader.record(store, patientId, from, to));
        }
        catch (InvalidStateStoreException moving) {
            return new Location.NotNow();
        }
    }

    /** The clinic's quiet patients in this instance's partitions. */
    List<QuietPatient> localQuiet(String clinic, Duration silentFor) {
        ReadOnlyKeyValueStore<Bytes, byte[]> local = queries.getQueryableStore(RulesState.NAME,
                QueryableStoreTypes.<Bytes, byte[]>keyValueStore());
        return RulesStateReader.quiet(local, clinic, silentFor, clock);
    }

    /** Which instance holds each partition of the state just now; empty when this instance cannot tell. */
    Optional<InstanceForwarding.Owners> owners() {
        try {
            KafkaStreams streams = queries.getKafkaStreams(RulesState.NAME, "", Serdes.String().serializer());
            return streams == null ? Optional.empty() : InstanceForwarding.owners(streams, RulesState.NAME);
        }
        catch (RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /** Every other instance that holds a part of the state, to be asked for its part. */
    List<HostInfo> otherInstances() {
        List<HostInfo> others = new ArrayList<>();
        HostInfo self = queries.getCurrentHostInfo();
        for (HostInfo instance : queries.getAllHostsInfo(RulesState.NAME)) {
            if (!instance.equals(self)) {
                others.add(instance);
            }
        }
        return others;
    }

    InstanceForwarding instances() {
        return instances;
    }
}
