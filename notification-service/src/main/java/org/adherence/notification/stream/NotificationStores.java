package org.adherence.notification.stream;

import java.time.Instant;
import java.util.List;

import org.adherence.contracts.Topics;
import org.adherence.contracts.json.JsonSerde;
import org.adherence.notification.routing.EmailKeys;
import org.adherence.notification.sending.Lane;
import org.adherence.notification.stream.StoredRecords.AlertTakenIn;
import org.adherence.notification.stream.StoredRecords.Delivered;
import org.adherence.notification.stream.StoredRecords.Digest;
import org.adherence.notification.stream.StoredRecords.OpenCritical;
import org.adherence.notification.stream.StoredRecords.OutboxEntry;
import org.adherence.notification.stream.StoredRecords.Refused;
import org.adherence.notification.stream.StoredRecords.Timer;
import org.adherence.notification.stream.StoredRecords.WarningGroup;
import org.adherence.notification.ack.Acknowledged;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology's state: persistent key-value stores (RocksDB, off the heap), each backed by a compacted changelog
 * topic, so that a restart or another instance restores it. Keys are text, their parts joined by {@code |} (which no
 * patient id or alert id holds), ordered so that range scans find what is due: times are written as 13 digits of
 * epoch milliseconds.
 *
 * <table>
 *   <tr><th>store</th><th>key</th><th>value</th></tr>
 *   <tr><td>profiles</td><td>patient</td><td>the latest profile</td></tr>
 *   <tr><td>alerts</td><td>alert</td><td>the alert taken in, when, its trace</td></tr>
 *   <tr><td>ledger</td><td>alert|address, alert|reminder-n|address</td><td>an email accepted</td></tr>
 *   <tr><td>refused</td><td>as the ledger</td><td>an address refused for good</td></tr>
 *   <tr><td>outbox</td><td>lane|due|email (due), L|lease end|email (handed out)</td><td>an email to send</td></tr>
 *   <tr><td>held</td><td>patient|alert</td><td>an alert nobody can be mailed about yet</td></tr>
 *   <tr><td>warning-groups</td><td>patient</td><td>WARNING alerts waiting for their email</td></tr>
 *   <tr><td>digests</td><td>patient|local date</td><td>INFO alerts of a day</td></tr>
 *   <tr><td>open-criticals</td><td>alert</td><td>a CRITICAL alert still reminded of</td></tr>
 *   <tr><td>acknowledgements</td><td>alert</td><td>who acknowledged first</td></tr>
 *   <tr><td>timers</td><td>due|kind|patient|subject</td><td>what the wall clock releases</td></tr>
 * </table>
 */
final class NotificationStores {

    static final String PROFILES = "profiles";
    static final String ALERTS = "alerts";
    static final String LEDGER = "ledger";
    static final String REFUSED = "refused";
    static final String OUTBOX = "outbox";
    static final String HELD = "held";
    static final String GROUPS = "warning-groups";
    static final String DIGESTS = "digests";
    static final String CRITICALS = "open-criticals";
    static final String ACKS = "acknowledgements";
    static final String TIMERS = "timers";

    static final String[] NAMES = {PROFILES, ALERTS, LEDGER, REFUSED, OUTBOX, HELD, GROUPS, DIGESTS, CRITICALS, ACKS,
            TIMERS};

    /** The prefix of outbox keys of emails handed to a sender. */
    static final String LEASED = "L";

    private NotificationStores() {
    }

    static List<StoreBuilder<KeyValueStore<String, ?>>> builders() {
        return List.of(
                store(PROFILES, Topics.PATIENT_PROFILES.valueSerde()),
                store(ALERTS, json(AlertTakenIn.class)),
                store(LEDGER, json(Delivered.class)),
                store(REFUSED, json(Refused.class)),
                store(OUTBOX, json(OutboxEntry.class)),
                store(HELD, Serdes.String()),
                store(GROUPS, json(WarningGroup.class)),
                store(DIGESTS, json(Digest.class)),
                store(CRITICALS, json(OpenCritical.class)),
                store(ACKS, json(Acknowledged.class)),
                store(TIMERS, json(Timer.class)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StoreBuilder<KeyValueStore<String, ?>> store(String name, Serde<?> values) {
        return (StoreBuilder) Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                values);
    }

    private static <T> Serde<T> json(Class<T> type) {
        return new JsonSerde<>(type);
    }

    // ------------------------------------------------------------------------------------------------------ keys

    /** The ledger's (and the refused store's) key of an alert's own email, a group's or a digest's, to an address. */
    static String perAlert(String alertId, String address) {
        return alertId + "|" + EmailKeys.address(address);
    }

    static String perReminder(String alertId, int reminder, String address) {
        return alertId + "|reminder-" + reminder + "|" + EmailKeys.address(address);
    }

    static String due(Lane lane, Instant at, String emailKey) {
        return lane.ordinal() + "|" + millis(at) + "|" + emailKey;
    }

    /** Just above every key of a lane due at or before {@code at}. */
    static String dueUpTo(Lane lane, Instant at) {
        return lane.ordinal() + "|" + millis(at.plusMillis(1));
    }

    static String lanePrefix(Lane lane) {
        return lane.ordinal() + "|";
    }

    static String leased(Instant until, String emailKey) {
        return LEASED + "|" + millis(until) + "|" + emailKey;
    }

    static String leasedUpTo(Instant at) {
        return LEASED + "|" + millis(at.plusMillis(1));
    }

    static String timer(Instant at, Timer timer) {
        return millis(at) + "|" + timer.kind() + "|" + timer.patientId() + "|" + timer.subject();
    }

    static String timersUpTo(Instant at) {
        return millis(at.plusMillis(1));
    }

    static String held(String patientId, String alertId) {
        return patientId + "|" + alertId;
    }

    static String digest(String patientId, java.time.LocalDate day) {
        return patientId + "|" + day;
    }

    /** Thirteen digits of epoch milliseconds: text order is time order until the year 2286. */
    static String millis(Instant at) {
        // not String.format: it parses its pattern on every call, on the stream thread's hottest path
        String digits = Long.toString(Math.max(0, at.toEpochMilli()));
        return digits.length() >= 13 ? digits : "0".repeat(13 - digits.length()) + digits;
    }
}
