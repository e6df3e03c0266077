package org.adherence.notification.ledger;

/** The ledger has been read to its end: from now on it knows every earlier delivery. */
public record DeliveryLedgerLoaded(int deliveries) {
}
