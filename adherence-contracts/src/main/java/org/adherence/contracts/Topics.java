package org.adherence.contracts;

import java.util.List;

import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.NotificationDelivered;
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

    public static final List<Topic<?>> ALL =
            List.of(PATIENT_PROFILES, DOSE_EVENTS, SYMPTOM_EVENTS, ALERTS, NOTIFICATION_DELIVERIES,
                    NOTIFICATION_PENDING);

    private Topics() {
    }
}
