package org.adherence.contracts;

import java.util.List;

import org.adherence.contracts.events.AlertAcknowledged;
import org.adherence.contracts.events.AlertQueuedForDigest;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.NotificationDelivered;
import org.adherence.contracts.events.NotificationFailed;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;

/** The one place that names each topic of the platform (CONTRACT.md, "Kafka topics"). */
public final class Topics {

    /** Compacted: the latest profile per patient. Written by intake. */
    public static final Topic<PatientProfileUpdated> PATIENT_PROFILES =
            new Topic<>("adherence.patient-profiles", PatientProfileUpdated.class, true);

    public static final Topic<DoseTaken> DOSE_EVENTS = new Topic<>("adherence.dose-events", DoseTaken.class, false);

    public static final Topic<SymptomsReported> SYMPTOM_EVENTS =
            new Topic<>("adherence.symptom-events", SymptomsReported.class, false);

    /** Written by rules, read by notification. */
    public static final Topic<AlertRaised> ALERTS = new Topic<>("adherence.alerts", AlertRaised.class, false);

    /** Compacted ledger of sent emails, keyed by alert id and address. Written and read by notification. */
    public static final Topic<NotificationDelivered> NOTIFICATION_DELIVERIES =
            new Topic<>("adherence.notification-deliveries", NotificationDelivered.class, true);

    /**
     * Compacted: alerts notification holds because nobody can be mailed yet (no profile, nobody at the alert's
     * severity), keyed by alert id; a tombstone once they are mailed. Written and read by notification.
     */
    public static final Topic<AlertRaised> NOTIFICATION_PENDING =
            new Topic<>("adherence.notification-pending", AlertRaised.class, true);

    /**
     * Compacted: every alert notification has taken in, keyed by alert id; what its delivery log shows and what
     * CRITICAL reminders are made from. Written and read by notification.
     */
    public static final Topic<AlertRaised> NOTIFICATION_ALERTS =
            new Topic<>("adherence.notification-alerts", AlertRaised.class, true);

    /** Emails the mail server refused for good, keyed by alert id. Written and read by notification. */
    public static final Topic<NotificationFailed> NOTIFICATION_DEAD_LETTERS =
            new Topic<>("adherence.notification-dead-letters", NotificationFailed.class, false);

    /**
     * Compacted: INFO alerts waiting for their patient's daily digest, keyed by alert id; a tombstone once it has
     * gone out. Written and read by notification.
     */
    public static final Topic<AlertQueuedForDigest> NOTIFICATION_DIGEST_QUEUE =
            new Topic<>("adherence.notification-digest-queue", AlertQueuedForDigest.class, true);

    /** Compacted: the acknowledgement of an alert, keyed by alert id. Written and read by notification. */
    public static final Topic<AlertAcknowledged> ALERT_ACKNOWLEDGEMENTS =
            new Topic<>("adherence.alert-acknowledgements", AlertAcknowledged.class, true);

    public static final List<Topic<?>> ALL =
            List.of(PATIENT_PROFILES, DOSE_EVENTS, SYMPTOM_EVENTS, ALERTS, NOTIFICATION_DELIVERIES,
                    NOTIFICATION_PENDING, NOTIFICATION_ALERTS, NOTIFICATION_DEAD_LETTERS, NOTIFICATION_DIGEST_QUEUE,
                    ALERT_ACKNOWLEDGEMENTS);

    private Topics() {
    }
}
