package org.adherence.rules.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.adherence.contracts.EventLimits;
import org.apache.kafka.common.utils.Bytes;

/**
 * The keys of the rules' state: byte strings whose unsigned order is the order the judging reads them in, so that a
 * range read gives a patient's events (or findings) of a span of time, and the due index the patients due by a time.
 * <pre>
 * 0x00 T(due) P                 due index: the patient is due for the scan at that time (value empty)
 * 0x01 P 'D' T(taken at) id     a dose (value: {@link StateCodec#dose})
 * 0x01 P 'S' T(observed at) id  a symptom report (value: {@link StateCodec#symptoms})
 * 0x01 P 'F' T(anchor) alertId  a finding raised (value: {@link StateCodec#finding})
 * 0x01 P 'I' eventId            an event id held (value empty), for "the same eventId counts once"
 * 0x01 P 'A' alertId            an alert id raised (value empty), for "never raised twice"
 * 0x02 P                        the patient's summary (value: {@link StateCodec#summary})
 * 0x03 P                        the patient's profile and zone timeline (value: {@link StateCodec#profile})
 * </pre>
 * P is the patient id prefixed with its length in bytes, so that one patient's keys are never a prefix of another's
 * ({@code p-1} and {@code p-10}); T is 12 bytes, the epoch second with its sign bit flipped and the nano of second,
 * both big-endian, so that byte order is time order. Ids are UTF-8, which never holds the byte 0xFF: a range up to
 * {@code T(t) 0xFF} holds every key at {@code t}.
 */
public final class StateKeys {

    static final byte DUE = 0x00;

    static final byte PATIENT = 0x01;

    static final byte SUMMARY = 0x02;

    static final byte PROFILE = 0x03;

    static final byte DOSE = 'D';

    static final byte SYMPTOMS = 'S';

    static final byte FINDING = 'F';

    static final byte EVENT_ID = 'I';

    static final byte ALERT_ID = 'A';

    public static final int TIME_BYTES = 12;

    private static final byte[] AFTER_ANY_ID = {(byte) 0xFF};

    private StateKeys() {
    }

    public static Bytes dose(String patientId, Instant at, String eventId) {
        return key(PATIENT, patient(patientId), new byte[] {DOSE}, time(at), utf8(eventId));
    }

    public static Bytes symptoms(String patientId, Instant at, String eventId) {
        return key(PATIENT, patient(patientId), new byte[] {SYMPTOMS}, time(at), utf8(eventId));
    }

    public static Bytes finding(String patientId, Instant anchor, String alertId) {
        return key(PATIENT, patient(patientId), new byte[] {FINDING}, time(anchor), utf8(alertId));
    }

    public static Bytes eventId(String patientId, String eventId) {
        return key(PATIENT, patient(patientId), new byte[] {EVENT_ID}, utf8(eventId));
    }

    public static Bytes alertId(String patientId, String alertId) {
        return key(PATIENT, patient(patientId), new byte[] {ALERT_ID}, utf8(alertId));
    }

    public static Bytes summary(String patientId) {
        return key(SUMMARY, patient(patientId));
    }

    public static Bytes profile(String patientId) {
        return key(PROFILE, patient(patientId));
    }

    public static Bytes due(Instant at, String patientId) {
        return key(DUE, time(at), patient(patientId));
    }

    /** The first key of a patient's doses at {@code from} (inclusive); null: the first of all. */
    public static Bytes dosesFrom(String patientId, Instant from) {
        return from(patientId, DOSE, from);
    }

    /** The last key of a patient's doses at {@code to} (inclusive); null: the last of all. */
    public static Bytes dosesTo(String patientId, Instant to) {
        return to(patientId, DOSE, to);
    }

    public static Bytes symptomsFrom(String patientId, Instant from) {
        return from(patientId, SYMPTOMS, from);
    }

    public static Bytes symptomsTo(String patientId, Instant to) {
        return to(patientId, SYMPTOMS, to);
    }

    public static Bytes findingsFrom(String patientId, Instant from) {
        return from(patientId, FINDING, from);
    }

    public static Bytes findingsTo(String patientId, Instant to) {
        return to(patientId, FINDING, to);
    }

    private static Bytes from(String patientId, byte kind, Instant from) {
        return from == null ? key(PATIENT, patient(patientId), new byte[] {kind})
                : key(PATIENT, patient(patientId), new byte[] {kind}, time(from));
    }

    private static Bytes to(String patientId, byte kind, Instant to) {
        return to == null ? key(PATIENT, patient(patientId), new byte[] {kind, (byte) 0xFF})
                : key(PATIENT, patient(patientId), new byte[] {kind}, time(to), AFTER_ANY_ID);
    }

    /** Every key of one patient: its events, findings and indexes (not its summary and profile). */
    public static Bytes patientFrom(String patientId) {
        return key(PATIENT, patient(patientId));
    }

    public static Bytes patientTo(String patientId) {
        return key(PATIENT, patient(patientId), AFTER_ANY_ID);
    }

    public static Bytes summariesFrom() {
        return Bytes.wrap(new byte[] {SUMMARY});
    }

    public static Bytes summariesTo() {
        return Bytes.wrap(new byte[] {SUMMARY, (byte) 0xFF});
    }

    /** Every patient's profile (0x03 P), for the quiet patients' scan. */
    public static Bytes profilesFrom() {
        return Bytes.wrap(new byte[] {PROFILE});
    }

    public static Bytes profilesTo() {
        return Bytes.wrap(new byte[] {PROFILE, (byte) 0xFF});
    }

    public static Bytes dueFrom(Instant from) {
        return key(DUE, time(from));
    }

    public static Bytes dueTo(Instant to) {
        return key(DUE, time(to), AFTER_ANY_ID);
    }

    /** The instant of a dose, symptom report or finding key. */
    public static Instant timeOf(Bytes key) {
        byte[] bytes = key.get();
        return readTime(bytes, 1 + 1 + (bytes[1] & 0xFF) + 1);
    }

    /** The event id of a dose or symptom report key, or the alert id of a finding key. */
    public static String idOf(Bytes key) {
        byte[] bytes = key.get();
        int start = 1 + 1 + (bytes[1] & 0xFF) + 1 + TIME_BYTES;
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }

    /** The patient of a due key. */
    public static String duePatient(Bytes key) {
        byte[] bytes = key.get();
        int length = bytes[1 + TIME_BYTES] & 0xFF;
        return new String(bytes, 2 + TIME_BYTES, length, StandardCharsets.UTF_8);
    }

    /** The due time of a due key. */
    public static Instant dueTime(Bytes key) {
        return readTime(key.get(), 1);
    }

    /** The patient of a summary or profile key. */
    public static String summaryPatient(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 2, bytes[1] & 0xFF, StandardCharsets.UTF_8);
    }

    public static byte[] time(Instant at) {
        return ByteBuffer.allocate(TIME_BYTES).putLong(at.getEpochSecond() ^ Long.MIN_VALUE).putInt(at.getNano())
                .array();
    }

    public static Instant readTime(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, TIME_BYTES);
        return Instant.ofEpochSecond(buffer.getLong() ^ Long.MIN_VALUE, buffer.getInt());
    }

    private static byte[] patient(String patientId) {
        byte[] id = utf8(patientId);
        if (id.length == 0 || id.length > EventLimits.PATIENT_ID_MAX) {
            throw new IllegalArgumentException("A patient id is 1 to " + EventLimits.PATIENT_ID_MAX + " bytes");
        }
        byte[] prefixed = Arrays.copyOf(new byte[] {(byte) id.length}, id.length + 1);
        System.arraycopy(id, 0, prefixed, 1, id.length);
        return prefixed;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Bytes key(byte kind, byte[]... parts) {
        int length = 1;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).put(kind);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return Bytes.wrap(buffer.array());
    }
}
