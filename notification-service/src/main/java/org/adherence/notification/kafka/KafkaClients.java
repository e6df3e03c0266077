package org.adherence.notification.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * What Boot gives the Kafka clients it builds, given to the ones this service builds itself (for its own serializers):
 * Boot applies its customizers and {@code spring.kafka.template.*} only to its own.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** With Boot's customizers, which bind the producer's {@code kafka_producer_*} metrics. */
    public static <K, V> DefaultKafkaProducerFactory<K, V> customized(DefaultKafkaProducerFactory<K, V> factory,
            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /**
     * With {@code spring.kafka.template.observation-enabled}: each record carries the trace it was written in (its
     * {@code traceparent} header), so that a dead letter or an acknowledgement names the trace that caused it.
     * It never asks the broker for the cluster id on the sending thread: with observation on, spring-kafka 4.0 does
     * so before every send until it knows the id, for up to the admin's operation timeout (30 s) behind one lock
     * (spring-kafka#4537, fixed in 4.1), which would stall a ledger write while the broker is away. It takes the id
     * the admin learnt when it declared the topics at start, or none.
     */
    public static <K, V> KafkaTemplate<K, V> template(ProducerFactory<K, V> factory, KafkaProperties properties) {
        KafkaTemplate<K, V> template = new KafkaTemplate<>(factory) {

            @Override
            protected String clusterId() {
                KafkaAdmin admin = getKafkaAdmin();
                return admin == null ? null : admin.getClusterId();
            }
        };
        template.setObservationEnabled(properties.getTemplate().isObservationEnabled());
        return template;
    }
}
