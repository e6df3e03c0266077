package org.adherence.notification.reminder;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.adherence.contracts.codes.Severity;
import org.adherence.notification.ack.Acknowledgements;
import org.adherence.notification.alerts.AlertsTakenIn;
import org.adherence.notification.delivery.PartitionOwnership;
import org.adherence.notification.ledger.DeliveryLedger;

import org.springframework.stereotype.Component;

/**
 * {@code adherence_critical_alerts_unacknowledged}: the CRITICAL alerts that have been mailed and that nobody has
 * acknowledged yet, the ones physicians are being reminded of. Every instance knows every alert; each counts only
 * those of the patients whose partition it owns, so that {@code sum} across instances counts each alert once.
 */
@Component
class UnacknowledgedCriticalAlerts implements MeterBinder {

    static final String NAME = "adherence.critical.alerts.unacknowledged";

    private final AlertsTakenIn alerts;
    private final Acknowledgements acknowledgements;
    private final DeliveryLedger ledger;
    private final PartitionOwnership ownership;

    UnacknowledgedCriticalAlerts(AlertsTakenIn alerts, Acknowledgements acknowledgements, DeliveryLedger ledger,
                                 PartitionOwnership ownership) {
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.ledger = ledger;
        this.ownership = ownership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, UnacknowledgedCriticalAlerts::count)
                .description("CRITICAL alerts mailed and not acknowledged, of the patients this instance mails for")
                .register(registry);
    }

    /** Counted when scraped: the alerts are in memory, and the reminders go through all of them far more often. */
    long count() {
        return alerts.all().stream()
                .filter(alert -> alert.severity() == Severity.CRITICAL)
                .filter(alert -> ownership.owns(alert.patientId()))
                .filter(alert -> !acknowledgements.isAcknowledged(alert.alertId()))
                .filter(alert -> ledger.firstDelivery(alert.alertId()).isPresent())
                .count();
    }
}
