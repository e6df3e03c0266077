package org.adherence.rules.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.json.ContractJson;
import org.adherence.rules.history.DoseEntry;
import org.adherence.rules.history.FindingEntry;
import org.adherence.rules.history.SymptomEntry;
import org.apache.kafka.common.utils.Bytes;

/**
 * The values of the rules' state. Events, findings and the summary, read and written with every event, are compact
 * binary (version byte first); the profile, written seldom, is JSON of the contract's mapping. An event's time and id
 * (a finding's anchor and alert id) are in its key; a symptom report keeps each code once (no rule counts a code
 * twice) and never the note.
 */
public final class StateCodec {

    private static final int VERSION = 1;

    private static final int DOSE = 0;

    private static final int SYMPTOMS = 1;

    /** The most event ids a finding keeps: the first ones and the last (the stop's last dose is the last). */
    public static final int MAX_FINDING_EVENT_IDS = 256;

    private static final long NONE = Long.MIN_VALUE;

    private StateCodec() {
    }

    // ---- events

    public static byte[] dose(DoseEntry dose) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(DOSE);
            writeVarLong(out, dose.takenAt().getOffset().getTotalSeconds());
            out.writeUTF(dose.drug());
            out.writeUTF(dose.doseMg().toPlainString());
        });
    }

    public static byte[] symptoms(SymptomEntry report) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(SYMPTOMS);
            writeVarLong(out, report.observedAt().getOffset().getTotalSeconds());
            List<Symptom> distinct = List.copyOf(new LinkedHashSet<>(report.symptoms()));
            out.writeByte(distinct.size());
            for (Symptom symptom : distinct) {
                out.writeUTF(symptom.name());
            }
        });
    }

    public static DoseEntry dose(Bytes key, byte[] value) {
        return (DoseEntry) event(key, value);
    }

    public static SymptomEntry symptoms(Bytes key, byte[] value) {
        return (SymptomEntry) event(key, value);
    }

    private static Object event(Bytes key, byte[] value) {
        Instant at = StateKeys.timeOf(key);
        String eventId = StateKeys.idOf(key);
        return read(value, in -> {
            checkVersion(in.readUnsignedByte());
            int kind = in.readUnsignedByte();
            OffsetDateTime time = at.atOffset(ZoneOffset.ofTotalSeconds((int) readVarLong(in)));
            if (kind == DOSE) {
                return new DoseEntry(eventId, in.readUTF(), new BigDecimal(in.readUTF()), time);
            }
            int count = in.readUnsignedByte();
            List<Symptom> symptoms = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                symptoms.add(Symptom.valueOf(in.readUTF()));
            }
            return new SymptomEntry(eventId, symptoms, time);
        });
    }

    // ---- findings and profile

    /** A finding: its rule, pack and event ids (binary); its alert id and anchor are in its key. */
    public static byte[] finding(FindingEntry finding) {
        List<String> ids = finding.eventIds();
        if (ids.size() > MAX_FINDING_EVENT_IDS) {
            List<String> kept = new ArrayList<>(ids.subList(0, MAX_FINDING_EVENT_IDS - 1));
            kept.add(ids.get(ids.size() - 1));
            ids = kept;
        }
        List<String> eventIds = ids;
        return write(out -> {
            out.writeByte(VERSION);
            out.writeUTF(finding.rule().name());
            out.writeUTF(finding.rulePack() == null ? "" : finding.rulePack());
            writeVarLong(out, eventIds.size());
            for (String id : eventIds) {
                out.writeUTF(id);
            }
        });
    }

    public static FindingEntry finding(Bytes key, byte[] value) {
        Instant anchor = StateKeys.timeOf(key);
        String alertId = StateKeys.idOf(key);
        return read(value, in -> {
            checkVersion(in.readUnsignedByte());
            RuleId rule = RuleId.valueOf(in.readUTF());
            String pack = in.readUTF();
            int count = (int) readVarLong(in);
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(in.readUTF());
            }
            return new FindingEntry(alertId, rule, anchor, ids, pack.isEmpty() ? null : pack);
        });
    }

    public static byte[] profile(ProfileState profile) {
        return ContractJson.mapper().writeValueAsBytes(profile);
    }

    public static ProfileState profile(byte[] value) {
        return ContractJson.mapper().readValue(value, ProfileState.class);
    }

    // ---- summary

    public static byte[] summary(PatientSummary s) {
        return write(out -> {
            out.writeByte(VERSION);
            writeVarLong(out, s.eventCount());
            writeVarLong(out, s.eventBytes());
            writeVarLong(out, s.findingCount());
            writeVarLong(out, s.findingBytes());
            for (Instant time : new Instant[] {s.eventsFrom(), s.heldFrom(), s.oldestFinding(), s.findingsPrunedTo(),
                    s.dirtyFrom(), s.judgedUpTo(), s.nextDue()}) {
                writeInstant(out, time);
            }
            out.writeByte((s.fullPassPending() ? 1 : 0) | (s.truncationLogged() ? 2 : 0));
            writeVarLong(out, s.failures());
            out.writeByte(s.daysWithDoses().size());
            for (Map.Entry<String, NavigableSet<LocalDate>> drug : s.daysWithDoses().entrySet()) {
                out.writeUTF(drug.getKey());
                long first = drug.getValue().first().toEpochDay();
                long last = drug.getValue().last().toEpochDay();
                long[] bits = new long[(int) ((last - first) / 64 + 1)];
                for (LocalDate day : drug.getValue()) {
                    long i = day.toEpochDay() - first;
                    bits[(int) (i / 64)] |= 1L << (i % 64);
                }
                writeVarLong(out, first);
                writeVarLong(out, bits.length);
                for (long word : bits) {
                    out.writeLong(word);
                }
            }
        });
    }

    public static PatientSummary summary(byte[] value) {
        return read(value, in -> {
            checkVersion(in.readUnsignedByte());
            int eventCount = (int) readVarLong(in);
            int eventBytes = (int) readVarLong(in);
            int findingCount = (int) readVarLong(in);
            int findingBytes = (int) readVarLong(in);
            Instant[] times = new Instant[7];
            for (int i = 0; i < times.length; i++) {
                times[i] = readInstant(in);
            }
            int flags = in.readUnsignedByte();
            int failures = (int) readVarLong(in);
            int drugs = in.readUnsignedByte();
            Map<String, NavigableSet<LocalDate>> days = new TreeMap<>();
            for (int d = 0; d < drugs; d++) {
                String drug = in.readUTF();
                long first = readVarLong(in);
                int words = (int) readVarLong(in);
                NavigableSet<LocalDate> set = new TreeSet<>();
                for (int w = 0; w < words; w++) {
                    long word = in.readLong();
                    for (int b = 0; b < 64; b++) {
                        if ((word & (1L << b)) != 0) {
                            set.add(LocalDate.ofEpochDay(first + w * 64L + b));
                        }
                    }
                }
                days.put(drug, set);
            }
            return new PatientSummary(eventCount, eventBytes, findingCount, findingBytes, times[0], times[1],
                    times[2], times[3], times[4], times[5], times[6], (flags & 1) != 0, failures, (flags & 2) != 0,
                    days);
        });
    }

    // ---- plumbing

    /** Instants to the millisecond (the summary's times are due times and day bounds). */
    private static void writeInstant(DataOutputStream out, Instant time) throws IOException {
        writeVarLong(out, time == null ? NONE : time.toEpochMilli());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        long millis = readVarLong(in);
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }

    /** Zig-zag variable-length: small numbers of either sign in few bytes. */
    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return (v >>> 1) ^ -(v & 1);
    }

    private static void checkVersion(int version) {
        if (version != VERSION) {
            throw new IllegalStateException("State record of version " + version + ", this reads " + VERSION);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] value, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            return reader.read(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
