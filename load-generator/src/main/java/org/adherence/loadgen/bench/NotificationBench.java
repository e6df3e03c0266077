package org.adherence.loadgen.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertEvidence;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.CareTeamMember;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.ContractJson;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.loadgen.auth.Hs256Jwt;
import org.adherence.loadgen.metrics.HistogramQuantile;
import org.adherence.loadgen.metrics.MetricsSnapshot;
import org.adherence.loadgen.metrics.ServiceScraper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * notification-service's benchmark, on a running stack (README: "Measured"):
 * <ul>
 *   <li>{@code throughput}: the rest of the stack idle (only Kafka, the mail server and notification-service need
 *   run), N HIGH alerts for N patients with a team of two are put straight on the alerts topic; emails a second
 *   between the 5th and the 95th percent of the 2N emails, from notification-service's own counter;</li>
 *   <li>{@code storm}: the whole stack: 50 patients post 5 mg doses as fast as a phone app syncing (a storm of
 *   DOUBLE_DOSE warnings, and the HIGH and WARNING alerts of the doses piling up), and in its middle 10 other
 *   patients report a seizure (CRITICAL) and 10 take 25 mg (HIGH); alert-to-email p50/p99 by severity from the
 *   increase of {@code adherence_notification_delivery_seconds}, as {@code histogram_quantile} computes them.</li>
 * </ul>
 * Both report notification-service's heap after the run. Printed, and as JSON with {@code --report-json FILE}.
 */
public final class NotificationBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> options;

    private final PrintStream out = System.out;

    private final PrintStream log = System.err;

    private final ServiceScraper scraper = new ServiceScraper(HTTP, Duration.ofSeconds(10));

    private final URI notification;

    private NotificationBench(Map<String, String> options) {
        this.options = options;
        this.notification = URI.create(option("notification", "http://localhost:8082"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("throughput", "storm", "bare-smtp").contains(args[0])) {
            System.err.println("""
                    usage: NotificationBench throughput [--alerts 2000] [--bootstrap localhost:9092] [--smtp-port 3025]
                                                        [--notification http://localhost:8082] [--report-json FILE]
                           NotificationBench storm [--intake http://localhost:8080] [--secret-file .local/dev-jwt-secret]
                                                   [--storm-patients 50] [--doses-per-patient 250] [--seconds 20]
                                                   [--urgent 10] [--settle PT150S] [--report-json FILE]
                           NotificationBench bare-smtp [--emails 4000] [--smtp-port 3025] [--smtp-threads 5]""");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        NotificationBench bench = new NotificationBench(options);
        Map<String, Object> report = switch (args[0]) {
            case "throughput" -> bench.throughput();
            case "storm" -> bench.storm();
            default -> Map.of("scenario", "a bare SMTP client", "emailsPerSecond",
                    Math.round(bench.bareSmtp(Integer.parseInt(bench.option("emails", "4000")))));
        };
        String json = ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        bench.out.println(json);
        if (options.containsKey("report-json")) {
            Files.writeString(Path.of(options.get("report-json")), json, StandardCharsets.UTF_8);
        }
    }

    private String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    // ------------------------------------------------------------------------------------------------ throughput

    private Map<String, Object> throughput() throws Exception {
        int alerts = Integer.parseInt(option("alerts", "2000"));
        String prefix = "nb-" + Long.toString(Instant.now().getEpochSecond(), 36);
        purgeMailServer();
        try (KafkaProducer<String, Object> producer = producer()) {
            for (int i = 0; i < alerts; i++) {
                String patient = prefix + "-" + i;
                producer.send(new ProducerRecord<>(Topics.PATIENT_PROFILES.name(), patient, profile(patient)));
            }
            producer.flush();
            Thread.sleep(3000);
            double before = sent(scraper.scrape(notification));
            log.printf("[bench] %d HIGH alerts for %d patients, %d emails to send%n", alerts, alerts, 2 * alerts);
            Instant published = Instant.now();
            for (int i = 0; i < alerts; i++) {
                String patient = prefix + "-" + i;
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), patient, alert(patient)));
            }
            producer.flush();
            double total = 2.0 * alerts;
            Instant at5 = null;
            Instant at95 = null;
            Instant deadline = published.plus(Duration.ofMinutes(15));
            while (Instant.now().isBefore(deadline)) {
                double done = sent(scraper.scrape(notification)) - before;
                Instant now = Instant.now();
                if (at5 == null && done >= 0.05 * total) {
                    at5 = now;
                }
                if (done >= 0.95 * total && at95 == null) {
                    at95 = now;
                }
                if (done >= total) {
                    break;
                }
                // a scrape costs the service CPU too: once a second is enough for a run of tens of seconds
                Thread.sleep(1000);
            }
            if (at5 == null || at95 == null) {
                throw new IllegalStateException("The emails were not sent within 15 minutes");
            }
            double seconds = Duration.between(at5, at95).toMillis() / 1000.0;
            MetricsSnapshot after = scraper.scrape(notification);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", "notification throughput, the rest of the stack idle");
            report.put("alerts", alerts);
            report.put("emails", (long) total);
            report.put("emailsPerSecond", Math.round(0.9 * total / seconds));
            report.put("goalEmailsPerSecond", 200);
            report.put("secondsFromPublishToLastEmail", Duration.between(published, Instant.now()).toMillis() / 1000.0);
            report.put("heapUsedMiB", heapMiB(after));
            // the machinery's own limit, same run: a bare client with as many threads and sessions as the senders
            purgeMailServer();
            double bare = bareSmtp((int) Math.min(total, 4000));
            report.put("bareSmtpEmailsPerSecond", Math.round(bare));
            report.put("ratioToBareSmtp", round(0.9 * total / seconds / bare));
            return report;
        }
    }

    /**
     * Empties the local mail server (GreenMail keeps every email in its heap, and slows as it fills), when
     * {@code --purge-url} names how.
     */
    private void purgeMailServer() throws Exception {
        String url = options.get("purge-url");
        if (url != null) {
            HttpResponse<String> purged = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            log.printf("[bench] emptied the mail server: %d%n", purged.statusCode());
        }
    }

    /**
     * Emails a second a bare Jakarta Mail client gets into the same SMTP server: as many threads as the service's
     * senders (5), each on one session reused for 100 emails, messages of the same shape (text and HTML, ~3 KiB).
     */
    private double bareSmtp(int emails) throws Exception {
        int threads = Integer.parseInt(option("smtp-threads", "5"));
        // as the service does: without it Jakarta Mail 2.1 scans the class path for every body part (mail-api#861)
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
        Properties props = new Properties();
        props.put("mail.smtp.host", option("smtp-host", "localhost"));
        props.put("mail.smtp.port", option("smtp-port", "3025"));
        Session session = Session.getInstance(props);
        String text = "x".repeat(1200);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(emails);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                Transport transport = null;
                int onSession = 0;
                try {
                    while (left.getAndDecrement() > 0) {
                        if (transport == null || onSession == 100) {
                            if (transport != null) {
                                transport.close();
                            }
                            transport = session.getTransport("smtp");
                            transport.connect();
                            onSession = 0;
                        }
                        MimeMessage message = new MimeMessage(session);
                        message.setFrom(new InternetAddress("alerts@adherence.local"));
                        InternetAddress to = new InternetAddress("bare-" + left.get() % 500 + "@bench.example.org");
                        message.setRecipient(Message.RecipientType.TO, to);
                        message.setSubject("[HIGH] SINGLE_DOSE_ABOVE_MAX - patient bare");
                        MimeBodyPart plain = new MimeBodyPart();
                        plain.setText(text, "UTF-8", "plain");
                        MimeBodyPart html = new MimeBodyPart();
                        html.setText("<p>" + text + "</p>", "UTF-8", "html");
                        message.setContent(new MimeMultipart("alternative", plain, html));
                        message.saveChanges();
                        transport.sendMessage(message, new InternetAddress[] {to});
                        onSession++;
                    }
                    if (transport != null) {
                        transport.close();
                    }
                }
                catch (Exception e) {
                    throw new IllegalStateException("The bare SMTP client failed", e);
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        double rate = emails / ((System.nanoTime() - start) / 1e9);
        log.printf("[bench] bare SMTP client: %d emails, %.0f a second%n", emails, rate);
        return rate;
    }

    // ----------------------------------------------------------------------------------------------------- storm

    private Map<String, Object> storm() throws Exception {
        URI intake = URI.create(option("intake", "http://localhost:8080"));
        Hs256Jwt jwt = new Hs256Jwt(Files.readString(Path.of(option("secret-file", ".local/dev-jwt-secret"))).strip());
        int stormPatients = Integer.parseInt(option("storm-patients", "50"));
        int dosesEach = Integer.parseInt(option("doses-per-patient", "250"));
        int seconds = Integer.parseInt(option("seconds", "20"));
        int urgent = Integer.parseInt(option("urgent", "10"));
        Duration settle = Duration.parse(option("settle", "PT150S"));
        String prefix = "ns-" + Long.toString(Instant.now().getEpochSecond(), 36);
        Instant now = Instant.now();
        String careTeamToken = jwt.careTeam("bench", now.minusSeconds(60), now.plusSeconds(7200));

        List<String> storm = new ArrayList<>();
        List<String> critical = new ArrayList<>();
        List<String> high = new ArrayList<>();
        for (int i = 0; i < stormPatients; i++) {
            storm.add(prefix + "-s" + i);
        }
        for (int i = 0; i < urgent; i++) {
            critical.add(prefix + "-c" + i);
            high.add(prefix + "-h" + i);
        }
        List<String> all = new ArrayList<>(storm);
        all.addAll(critical);
        all.addAll(high);
        for (String patient : all) {
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(intake.resolve("/api/v1/patients/" + patient))
                    .header("Authorization", "Bearer " + careTeamToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(ContractJson.mapper().writeValueAsBytes(
                            profileRequest(patient)))).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 202) {
                throw new IllegalStateException("Enrolling " + patient + " answered " + put.statusCode() + ": "
                        + put.body());
            }
        }
        Thread.sleep(3000);
        MetricsSnapshot before = scraper.scrape(notification);

        int total = stormPatients * dosesEach;
        long period = TimeUnit.SECONDS.toNanos(seconds) / total;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        // answers by status; -1: none (a timeout after 60 s, or a connection refused or reset)
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        log.printf("[bench] storm: %d patients x %d doses of 5 mg in %d s (%d/s); %d seizures and %d doses of 25 mg "
                + "in the middle%n", stormPatients, dosesEach, seconds, total / seconds, urgent, urgent);
        long start = System.nanoTime();
        OffsetDateTime stormTime = OffsetDateTime.now(ZoneId.of("Europe/Berlin")).minusMinutes(10);
        for (int j = 0; j < total; j++) {
            park(start + j * period);
            String patient = storm.get(j % stormPatients);
            // doses 10 s apart in event time, all within the last hours: a DOUBLE_DOSE each
            String body = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"drug\":\"baclofen\",\"doseMg\":5,"
                    + "\"takenAt\":\"" + stormTime.minusSeconds(j / stormPatients * 10L) + "\"}";
            answers.add(post(intake, patient, "/doses", body, jwt).thenAccept(status ->
                    count(status, accepted, refused, statuses)));
            if (j == total / 2) {
                for (int i = 0; i < urgent; i++) {
                    answers.add(post(intake, critical.get(i), "/symptoms", "{\"eventId\":\"" + UUID.randomUUID()
                            + "\",\"symptoms\":[\"SEIZURE\"],\"observedAt\":\"" + OffsetDateTime.now().minusSeconds(5)
                            + "\"}", jwt).thenAccept(status -> count(status, accepted, refused, statuses)));
                    answers.add(post(intake, high.get(i), "/doses", "{\"eventId\":\"" + UUID.randomUUID()
                            + "\",\"drug\":\"baclofen\",\"doseMg\":25,\"takenAt\":\"" + OffsetDateTime.now()
                            .minusSeconds(5) + "\"}", jwt).thenAccept(status -> count(status, accepted, refused,
                            statuses)));
                }
            }
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double postedSeconds = (System.nanoTime() - start) / 1e9;
        log.printf("[bench] posted in %.1f s: %d accepted, %d refused; waiting %s for the emails%n", postedSeconds,
                accepted.get(), refused.get(), settle);
        Thread.sleep(settle.toMillis());
        MetricsSnapshot after = scraper.scrape(notification);
        MetricsSnapshot increase = after.increaseSince(before);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "DOUBLE_DOSE storm through the whole stack");
        report.put("answers", new java.util.TreeMap<>(statuses));
        report.put("events", Map.of("posted", total + 2 * urgent, "accepted", accepted.get(), "refused", refused.get(),
                "seconds", Math.round(postedSeconds * 10) / 10.0));
        Map<String, Object> latency = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            List<HistogramQuantile.Bucket> buckets = increase.buckets("adherence_notification_delivery_seconds",
                    labels -> severity.name().equals(labels.get("severity")));
            double count = increase.sum("adherence_notification_delivery_seconds_count",
                    labels -> severity.name().equals(labels.get("severity")));
            if (count > 0) {
                latency.put(severity.name(), Map.of("alerts", (long) count,
                        "p50Seconds", round(HistogramQuantile.quantile(0.5, buckets)),
                        "p99Seconds", round(HistogramQuantile.quantile(0.99, buckets))));
            }
        }
        report.put("alertToFirstEmail", latency);
        report.put("goals", Map.of("CRITICAL p99 seconds", 2, "HIGH p99 seconds", 10));
        report.put("emailsSent", increase.sumBy("adherence_notifications_total", "severity",
                labels -> "sent".equals(labels.get("outcome"))));
        report.put("heapUsedMiB", heapMiB(after));
        return report;
    }

    private static void count(int status, AtomicInteger accepted, AtomicInteger refused,
                              Map<Integer, AtomicInteger> statuses) {
        (status == 202 ? accepted : refused).incrementAndGet();
        statuses.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
    }

    private static CompletableFuture<Integer> post(URI intake, String patient, String path, String body,
                                                   Hs256Jwt jwt) {
        Instant now = Instant.now();
        return HTTP.sendAsync(HttpRequest.newBuilder(intake.resolve("/api/v1/patients/" + patient + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + jwt.patientApp(patient, now.minusSeconds(60),
                                now.plusSeconds(3600)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                .exceptionally(failure -> -1);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, option("bootstrap", "localhost:9092"),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), new ContractJsonSerializer());
    }

    private static List<CareTeamMember> team(String patient) {
        return List.of(new CareTeamMember("Dr. Bench", "neuro-" + patient + "@clinic.example.org",
                        CareTeamRole.PHYSICIAN),
                new CareTeamMember("Carer", "carer-" + patient + "@family.example.org", CareTeamRole.CAREGIVER));
    }

    private static PatientProfileUpdated profile(String patient) {
        return PatientProfileUpdated.of(patient, LocalDate.of(1970, 1, 1), ZoneId.of("Europe/Berlin"), team(patient),
                List.of(), java.util.Set.of(), java.util.Set.of(), Instant.now());
    }

    private static Map<String, Object> profileRequest(String patient) {
        return Map.of("birthDate", "1970-01-01", "timeZone", "Europe/Berlin", "careTeam", team(patient),
                "prescriptions", List.of(), "conditions", List.of(), "coMedications", List.of());
    }

    private static AlertRaised alert(String patient) {
        return new AlertRaised(AlertRaised.SCHEMA_VERSION, UUID.randomUUID().toString(), patient,
                RuleId.SINGLE_DOSE_ABOVE_MAX, Severity.HIGH, Instant.now(),
                "25 mg of baclofen taken at once; the maximum single dose is 20 mg.",
                "Do not take more than 20 mg at once.",
                new AlertEvidence(List.of(UUID.randomUUID().toString()), BigDecimal.valueOf(25), BigDecimal.valueOf(20),
                        null, null, List.of()), "baclofen@1");
    }

    private static double sent(MetricsSnapshot snapshot) {
        return snapshot.sum("adherence_notifications_total", labels -> "sent".equals(labels.get("outcome")));
    }

    private static long heapMiB(MetricsSnapshot snapshot) {
        return Math.round(snapshot.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area")))
                / 1_048_576);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void park(long dueNanos) {
        long remaining;
        while ((remaining = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
