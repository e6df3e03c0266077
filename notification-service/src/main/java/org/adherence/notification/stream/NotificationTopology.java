package org.adherence.notification.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.events.SendResult;
import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.notification.sending.EmailDispatch;
import org.adherence.support.kafka.KafkaTopicProperties;
import org.adherence.support.kafka.ReplicationCheck;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * notification-service as a Kafka Streams topology (Spring Cloud Stream's Kafka Streams binder, exactly-once): the
 * alerts, the profiles, the acknowledgement requests and the senders' results in, all keyed by patient id and
 * co-partitioned, into one processor with the service's state; out, the dead letters of unreadable alerts, the
 * addresses refused for good, and the delivery log keyed by alert id, where any instance can look it up.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationTopology {

    private static final List<Topic<?>> INPUTS = List.of(Topics.ALERTS, Topics.PATIENT_PROFILES,
            NotificationTopics.ACK_REQUESTS, NotificationTopics.SEND_RESULTS);

    /**
     * Bindings {@code notifyCareTeams-in-0..3} (alerts, profiles, acknowledgement requests, send results) and
     * {@code notifyCareTeams-out-0} (alert records that cannot be read).
     */
    @Bean
    public Function<KStream<String, AlertRead>, Function<KStream<String, PatientProfileUpdated>,
            Function<KStream<String, AckRequested>, Function<KStream<String, SendResult>, KStream<String, byte[]>>>>>
            notifyCareTeams(NotificationProperties properties, EmailDispatch dispatch, NotificationMetrics metrics) {
        return alerts -> profiles -> acks -> results -> {
            Map<String, KStream<String, AlertRead>> alertsRead = alerts.split(Named.as("alert-"))
                    .branch((patientId, read) -> read instanceof AlertRead.Readable, Branched.as("readable"))
                    .defaultBranch(Branched.as("unreadable"));
            KStream<String, NotificationInput> inputs = alertsRead.get("alert-readable")
                    .<NotificationInput>mapValues(read -> new NotificationInput.Alert(((AlertRead.Readable) read)
                            .alert()))
                    // a deleted profile (tombstone) arrives as null and clears the profile
                    .merge(profiles.mapValues(NotificationInput.Profile::new))
                    .merge(acks.filter((patientId, ack) -> ack != null).mapValues(NotificationInput.Ack::new))
                    .merge(results.filter((patientId, result) -> result != null)
                            .mapValues(NotificationInput.Result::new));
            KStream<String, NotificationOutput> outputs =
                    inputs.process(new Supplier(properties, dispatch, metrics), Named.as("notify"));
            outputs.filter((patientId, out) -> out instanceof NotificationOutput.ViewChanged)
                    .map((patientId, out) -> KeyValue.pair(((NotificationOutput.ViewChanged) out).alertId(),
                            ((NotificationOutput.ViewChanged) out).view()))
                    .repartition(Repartitioned.with(Serdes.String(), deliveryLogSerde()).withName("delivery-log"))
                    .toTable(Named.as("delivery-log-table"),
                            Materialized.<String, DeliveryLogView, KeyValueStore<Bytes, byte[]>>as(DeliveryLogView.STORE)
                                    .withKeySerde(Serdes.String()).withValueSerde(deliveryLogSerde()));
            outputs.filter((patientId, out) -> out instanceof NotificationOutput.Refusal)
                    .mapValues(out -> ((NotificationOutput.Refusal) out).refused())
                    .to(NotificationTopics.REFUSED_EMAILS.name(), Produced.with(Serdes.String(),
                            NotificationTopics.REFUSED_EMAILS.valueSerde()));
            return alertsRead.get("alert-unreadable").processValues(() -> new AlertDeadLettering(metrics),
                    Named.as("dead-letter"));
        };
    }

    /** The processor, with the stores it owns. */
    private record Supplier(NotificationProperties properties, EmailDispatch dispatch, NotificationMetrics metrics)
            implements ProcessorSupplier<String, NotificationInput, String, NotificationOutput> {

        @Override
        public Processor<String, NotificationInput, String, NotificationOutput> get() {
            return new NotificationProcessor(properties, dispatch, metrics);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.copyOf(NotificationStores.builders());
        }
    }

    private static Serde<DeliveryLogView> deliveryLogSerde() {
        return new JsonSerde<>(DeliveryLogView.class);
    }

    @Bean
    Serde<AlertRead> alertReadSerde() {
        return new AlertRead.ReadingSerde();
    }

    @Bean
    Serde<PatientProfileUpdated> patientProfileSerde() {
        return Topics.PATIENT_PROFILES.valueSerde();
    }

    @Bean
    Serde<AckRequested> ackRequestedSerde() {
        return NotificationTopics.ACK_REQUESTS.valueSerde();
    }

    @Bean
    Serde<SendResult> sendResultSerde() {
        return NotificationTopics.SEND_RESULTS.valueSerde();
    }

    @Bean
    Serde<byte[]> deadLetterSerde() {
        return Serdes.ByteArray();
    }

    /**
     * Every topic the topology reads and writes, created before it starts when missing (the public ones too:
     * whichever service starts first on an empty cluster creates them as the registry says), and the dead-letter
     * topics of its inputs ({@code error.<topic>.notification-service}).
     */
    @Bean
    KafkaAdmin.NewTopics notificationTopics(KafkaTopicProperties topics) {
        List<NewTopic> declared = new ArrayList<>();
        for (Topic<?> input : INPUTS) {
            declared.add(topics.declare(input));
            declared.add(topics.declare(NotificationTopics.deadLetterTopicOf(input.name()), false));
        }
        declared.add(topics.declare(NotificationTopics.REFUSED_EMAILS));
        return new KafkaAdmin.NewTopics(declared.toArray(NewTopic[]::new));
    }

    /**
     * The service refuses to run on topics weaker than {@code adherence.kafka.*} says (its changelogs included), and
     * on inputs of different partition counts: a patient's acknowledgements and send results must meet the patient's
     * alerts in one task.
     */
    @Bean
    ReplicationCheck replicationCheck(KafkaAdmin admin, KafkaTopicProperties topics) {
        List<String> used = new ArrayList<>();
        for (Topic<?> input : INPUTS) {
            used.add(input.name());
            used.add(NotificationTopics.deadLetterTopicOf(input.name()));
        }
        used.add(NotificationTopics.REFUSED_EMAILS.name());
        return new ReplicationCheck(admin.getConfigurationProperties(), topics, used,
                List.of(NotificationTopics.APPLICATION_ID + "-"), INPUTS.stream().map(Topic::name).toList());
    }
}
