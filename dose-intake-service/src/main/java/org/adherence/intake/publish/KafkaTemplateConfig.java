package org.adherence.intake.publish;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Boot's template (same producer factory, listener and {@code spring.kafka.template.*}), except that it never waits
 * for the cluster id on a request thread. With observation on, spring-kafka 4.0 names the cluster in each send's
 * span and, as long as it does not know the id, asks the broker for it before every send, blocking for up to
 * {@code spring.kafka.admin.operation-timeout} (30 s) behind one lock (spring-kafka#4537, fixed in 4.1): with the
 * broker down since start, requests would queue there instead of getting their 503 within
 * {@code adherence.intake.publish-timeout}. This one takes the id the admin learnt when it declared the topics at
 * start, or none.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTemplateConfig {

    @Bean
    KafkaTemplate<?, ?> kafkaTemplate(ProducerFactory<Object, Object> producerFactory,
                                      ProducerListener<Object, Object> producerListener, KafkaProperties properties) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory) {

            @Override
            protected String clusterId() {
                KafkaAdmin admin = getKafkaAdmin();
                return admin == null ? null : admin.getClusterId();
            }
        };
        template.setProducerListener(producerListener);
        template.setObservationEnabled(properties.getTemplate().isObservationEnabled());
        return template;
    }
}
