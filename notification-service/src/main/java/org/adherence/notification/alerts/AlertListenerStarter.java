package org.adherence.notification.alerts;

import org.adherence.notification.ledger.DeliveryLedgerLoaded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Starts consuming alerts only once the ledger knows every earlier delivery, so none is mailed twice. */
@Component
class AlertListenerStarter {

    private static final Logger log = LoggerFactory.getLogger(AlertListenerStarter.class);

    private final KafkaListenerEndpointRegistry registry;

    AlertListenerStarter(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void onLedgerLoaded(DeliveryLedgerLoaded loaded) {
        MessageListenerContainer container = registry.getListenerContainer(AlertListener.ID);
        if (container != null && !container.isRunning()) {
            log.info("Delivery ledger loaded ({} deliveries); consuming alerts", loaded.deliveries());
            container.start();
        }
    }
}
