package org.adherence.notification.sending;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.adherence.contracts.codes.Severity;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.ack.AckTokens;
import org.adherence.notification.email.EmailContent;
import org.adherence.notification.email.EmailModel;
import org.adherence.notification.email.EmailRenderer;
import org.adherence.notification.email.RenderedEmail;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.events.SendResult;
import org.adherence.notification.events.SendResult.Outcome;
import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.notification.routing.EmailKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The senders: threads that each keep an SMTP session open and send the emails the topology hands out, the most
 * urgent lane first; and threads that send CRITICAL emails only, so that a CRITICAL email never waits for a free
 * thread, whatever else is queued or being sent. Each email's outcome is written to the send-results topic
 * ({@code acks=all}) right after the mail server's answer and before the sender takes its next email: the topology
 * records it from there, on the partition's own stream thread, inside its transactions.
 * <p>
 * Not a bean of the stream: it starts before Kafka Streams and stops after it, so that a closing task can give back
 * its queued emails and wait for those being sent.
 */
public final class SenderPool implements EmailDispatch, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SenderPool.class);

    private static final long POLL_MILLIS = 200;

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader on every body part, multipart and encoding
        // (jakartaee/mail-api#861): a third of the service's CPU while sending, scanning the jar's nested jars. Named
        // here, it is one Class.forName instead.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** How long one write of a result is waited for before it is tried again (the producer retries within it). */
    private static final Duration JOURNAL_WAIT = Duration.ofSeconds(30);

    private static final Duration JOURNAL_FIRST_BACK_OFF = Duration.ofMillis(500);

    private static final Duration JOURNAL_MAX_BACK_OFF = Duration.ofSeconds(10);

    private final NotificationProperties properties;

    private final JavaMailSenderImpl mail;

    private final EmailContent content;

    private final EmailRenderer renderer;

    private final AckTokens tokens;

    private final KafkaOperations<String, Object> results;

    private final NotificationMetrics metrics;

    private final MailServerState server;

    private final ObservationRegistry observations;

    private final Clock clock;

    private final List<LinkedBlockingDeque<SendJob>> lanes = new ArrayList<>();

    /** One permit per email queued in any lane, for the threads that take every lane. */
    private final Semaphore queued = new Semaphore(0);

    /** The emails in this pool's hands, by key: queued, being sent, or their results not yet recorded. */
    private final Map<String, SendJob> inHand = new ConcurrentHashMap<>();

    /**
     * The emails whose results are recorded but not yet read back by the topology ({@link #settled}). Kept across a
     * task's release: a task closed dirty (fenced, a broker back from the dead) replays its last transaction, which
     * may route the same email again before it reads the result; only entries older than {@link #AWAITING_READ_MAX}
     * (their results read by another instance) are forgotten.
     */
    private final Map<String, Recorded> awaitingRead = new ConcurrentHashMap<>();

    private static final Duration AWAITING_READ_MAX = Duration.ofMinutes(10);

    private record Recorded(SendJob job, long atNanos) {
    }

    /** Per task, the emails being sent now. */
    private final Map<String, AtomicInteger> sending = new ConcurrentHashMap<>();

    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean running;

    public SenderPool(NotificationProperties properties, JavaMailSenderImpl mail, EmailContent content,
                      EmailRenderer renderer, AckTokens tokens, KafkaOperations<String, Object> results,
                      NotificationMetrics metrics, MailServerState server, ObservationRegistry observations,
                      Clock clock) {
        this.properties = properties;
        this.mail = mail;
        this.content = content;
        this.renderer = renderer;
        this.tokens = tokens;
        this.results = results;
        this.metrics = metrics;
        this.server = server;
        this.observations = observations;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            lanes.add(new LinkedBlockingDeque<>(properties.sender().queueCapacity()));
        }
    }

    @Override
    public boolean offer(SendJob job, Instant now) {
        if (!running || !server.mayHandOut(now)) {
            return false;
        }
        inHand.put(job.emailKey(), job);
        if (!lanes.get(job.lane().ordinal()).offerLast(job)) {
            inHand.remove(job.emailKey(), job);
            server.notTried();
            return false;
        }
        queued.release();
        return true;
    }

    @Override
    public int room(Lane lane, Instant now) {
        if (!running || !server.takesEmails(now)) {
            return 0;
        }
        int free = lanes.get(lane.ordinal()).remainingCapacity();
        return server.isUp() ? free : Math.min(free, 1);
    }

    @Override
    public boolean holds(String emailKey) {
        return inHand.containsKey(emailKey) || awaitingRead.containsKey(emailKey);
    }

    @Override
    public void settled(String emailKey, int attempt) {
        // a late repeat of an earlier attempt's result leaves the attempt now in hand where it is
        awaitingRead.computeIfPresent(emailKey, (key, recorded) -> recorded.job().attempt() == attempt ? null : recorded);
    }

    @Override
    public void release(String taskId) {
        for (LinkedBlockingDeque<SendJob> lane : lanes) {
            for (Iterator<SendJob> jobs = lane.iterator(); jobs.hasNext(); ) {
                SendJob job = jobs.next();
                if (job.taskId().equals(taskId) && lane.removeFirstOccurrence(job)) {
                    // once: the task is closing, and whoever owns the partition next waits out the lease otherwise
                    record(job, Outcome.RELEASED, null, false);
                }
            }
        }
        AtomicInteger inFlight = sending.get(taskId);
        if (inFlight == null) {
            forgetUnreadResults();
            return;
        }
        long deadline = System.nanoTime() + properties.sender().closeWait().toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    inFlight.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (inFlight.get() > 0) {
            log.warn("Task {} closed with {} email(s) still being sent; their leases keep them from being sent "
                    + "again before they end", taskId, inFlight.get());
        }
        forgetUnreadResults();
    }

    /**
     * Forgets the recorded emails whose results nobody here read back for {@link #AWAITING_READ_MAX}: another instance
     * owns their task now. Not the task's emails still being sent or recorded (a broker down), nor its recent ones: a
     * task that replays its last transaction here must find them in hand.
     */
    private void forgetUnreadResults() {
        long cutoff = System.nanoTime() - AWAITING_READ_MAX.toNanos();
        awaitingRead.values().removeIf(recorded -> recorded.atNanos() - cutoff < 0);
    }

    // ------------------------------------------------------------------------------------------------- senders

    private void sendEveryLane(SmtpSession session) {
        while (running) {
            try {
                if (!queued.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    session.closeIfIdle();
                    continue;
                }
                SendJob job = null;
                for (LinkedBlockingDeque<SendJob> lane : lanes) {
                    job = lane.pollFirst();
                    if (job != null) {
                        break;
                    }
                }
                if (job != null) {
                    send(job, session);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendCritical(SmtpSession session) {
        LinkedBlockingDeque<SendJob> critical = lanes.get(Lane.CRITICAL.ordinal());
        while (running) {
            try {
                SendJob job = critical.pollFirst(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (job == null) {
                    session.closeIfIdle();
                }
                else {
                    send(job, session);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(SendJob job, SmtpSession session) {
        AtomicInteger inFlight = sending.computeIfAbsent(job.taskId(), task -> new AtomicInteger());
        inFlight.incrementAndGet();
        try {
            // too late: the lease may end before the mail server answers, and the email be handed out again
            Duration leaseLeft = Duration.between(clock.instant(), job.leaseUntil());
            if (leaseLeft.compareTo(properties.sender().lease().multipliedBy(2).dividedBy(3)) < 0) {
                server.notTried();
                journal(job, Outcome.NOT_ATTEMPTED, null);
                return;
            }
            MimeMessage message;
            try {
                message = compose(job, session);
            }
            catch (MessagingException | RuntimeException e) {
                // a bug of ours (or an address the client cannot parse, which is the address's own)
                SmtpReplies.Classified classified = SmtpReplies.classify(e, false);
                if (classified.outcome() != Outcome.PERMANENT) {
                    log.error("Could not write the email {} of patient {}; it is tried again", loggable(job),
                            job.patientId(), e);
                }
                finish(job, classified);
                return;
            }
            try {
                session.send(message);
            }
            catch (SmtpSession.SendFailure failure) {
                finish(job, SmtpReplies.classify(failure.getCause(), failure.connecting()));
                return;
            }
            server.accepted();
            journal(job, Outcome.SENT, null);
            metrics.count(severityOf(job), NotificationMetrics.Outcome.SENT);
            logMailed(job);
        }
        finally {
            synchronized (inFlight) {
                inFlight.decrementAndGet();
                inFlight.notifyAll();
            }
        }
    }

    private void finish(SendJob job, SmtpReplies.Classified classified) {
        switch (classified.outcome()) {
            case SETUP -> {
                server.refusedSession(clock.instant(), classified.reply());
                metrics.count(severityOf(job), NotificationMetrics.Outcome.RETRIED);
                log.warn("Mail server refused the session ({}); email {} of patient {} waits for it",
                        classified.reply(), loggable(job), job.patientId());
            }
            case PERMANENT -> {
                server.refusedAddress(job.recipient().email(), classified.policyRefusal());
                metrics.count(severityOf(job), NotificationMetrics.Outcome.FAILED);
                log.warn("Email {} of patient {} refused for good ({}), role={}: that address is not tried again "
                        + "for it", loggable(job), job.patientId(), classified.reply(), job.recipient().role());
            }
            default -> {
                server.refusedAddress(job.recipient().email(), false);
                metrics.count(severityOf(job), NotificationMetrics.Outcome.RETRIED);
                log.info("Email {} of patient {} not sent yet ({}), role={}: that address alone waits",
                        loggable(job), job.patientId(), classified.reply(), job.recipient().role());
            }
        }
        journal(job, classified.outcome(), classified.reply());
    }

    private MimeMessage compose(SendJob job, SmtpSession session) throws MessagingException {
        RenderedEmail email = renderer.render(modelOf(job));
        MimeMessage message = new MessageIds.Keyed(session.mailSession(),
                MessageIds.of(job.emailKey(), properties.from()));
        message.setFrom(new InternetAddress(properties.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(job.recipient().email(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        // the last part is the one a mail client prefers
        message.setContent(new MimeMultipart("alternative", text, html));
        return message;
    }

    private EmailModel modelOf(SendJob job) {
        AlertRaised first = job.alerts().get(0);
        return switch (job.kind()) {
            case ALERT -> content.alert(first, job.zone(), 0, ackLinkFor(job, first));
            case REMINDER -> content.alert(first, job.zone(), job.reminder(), ackLinkFor(job, first));
            case GROUP -> content.group(job.alerts(), job.zone());
            case DIGEST -> content.digest(job.patientId(), job.digestDate(), job.zone(), job.alerts());
        };
    }

    /** Only a clinician's CRITICAL email carries the link: a forwarded caregiver's email must not stop anything. */
    private URI ackLinkFor(SendJob job, AlertRaised alert) {
        boolean clinician = job.recipient().role() != null && job.recipient().role().isClinician();
        return alert.severity() == Severity.CRITICAL && clinician
                ? tokens.linkFor(alert.alertId(), alert.patientId(), job.recipient().email()) : null;
    }

    private void journal(SendJob job, Outcome outcome, String reply) {
        record(job, outcome, reply, true);
    }

    /**
     * Writes what became of an email to the send-results topic ({@code acks=all}) and waits for it. A sender that
     * cannot (a partition's leader failing over, the cluster out of reach) tries again, with back-off, for as long as
     * the pool runs: the email stays in its hands meanwhile, so its lease does not end and it is not sent twice. It
     * stays there until the topology has read the result ({@link #settled}). Only a pool that stops gives up; then the
     * lease hands the email out again, at worst a repeat (the README's window).
     */
    private void record(SendJob job, Outcome outcome, String reply, boolean untilRecorded) {
        SendResult result = new SendResult(SendResult.SCHEMA_VERSION, job.outboxKey(), job.attempt(), job.emailKey(),
                job.kind(), job.patientId(), job.alertIds(), job.recipient().email(), job.reminder(), outcome,
                clock.instant(), reply, MessageIds.of(job.emailKey(), properties.from()));
        boolean recorded = false;
        // awaiting its read-back from before the send: the stream thread may read the result (and settle it) before
        // send().get() returns here, and an entry put after that would hold the email back until it is forgotten
        Recorded awaiting = new Recorded(job, System.nanoTime());
        awaitingRead.put(job.emailKey(), awaiting);
        try {
            Duration backOff = JOURNAL_FIRST_BACK_OFF;
            for (int attempt = 1; ; attempt++) {
                try {
                    results.send(NotificationTopics.SEND_RESULTS.name(), job.patientId(), result)
                            .get(JOURNAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    recorded = true;
                    if (attempt > 1) {
                        log.info("Recorded that email {} of patient {} was {} at attempt {}", loggable(job),
                                job.patientId(), outcome, attempt);
                    }
                    return;
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.error("Interrupted while recording that email {} of patient {} was {}: it is handed out "
                            + "again after its lease", loggable(job), job.patientId(), outcome);
                    return;
                }
                catch (Exception e) {
                    if (!untilRecorded || !running) {
                        log.error("Could not record that email {} of patient {} was {}: it is handed out again after "
                                + "its lease ({})", loggable(job), job.patientId(), outcome, e.toString());
                        return;
                    }
                    log.warn("Could not record yet that email {} of patient {} was {} (attempt {}, {}); trying again "
                            + "in {}", loggable(job), job.patientId(), outcome, attempt, e.toString(), backOff);
                    Thread.sleep(backOff.toMillis());
                    backOff = backOff.multipliedBy(2).compareTo(JOURNAL_MAX_BACK_OFF) > 0 ? JOURNAL_MAX_BACK_OFF
                            : backOff.multipliedBy(2);
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            // recorded: in awaitingRead until read back; not recorded: nobody will read a result, the lease decides
            if (!recorded) {
                awaitingRead.remove(job.emailKey(), awaiting);
            }
            inHand.remove(job.emailKey(), job);
        }
    }

    /** One line per alert the email tells of, in the trace the alert arrived with. */
    private void logMailed(SendJob job) {
        for (AlertRaised alert : job.alerts()) {
            String traceparent = job.traceparent().get(alert.alertId());
            ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
            context.setCarrier(traceparent == null ? Map.of() : Map.of("traceparent", traceparent));
            context.setRemoteServiceName("kafka");
            Observation.createNotStarted("adherence.notification.mailed", () -> context, observations)
                    .contextualName("email send")
                    .observe(() -> log.info("Mailed alertId={} severity={} patientId={} role={}", alert.alertId(),
                            alert.severity(), alert.patientId(), job.recipient().role()));
        }
    }

    private static String loggable(SendJob job) {
        return EmailKeys.loggable(job.emailKey());
    }

    private static Severity severityOf(SendJob job) {
        return job.alerts().get(0).severity();
    }

    // ----------------------------------------------------------------------------------------------- lifecycle

    @Override
    public synchronized void start() {
        running = true;
        NotificationProperties.Sender sender = properties.sender();
        for (int i = 0; i < sender.criticalThreads(); i++) {
            startThread("sender-critical-" + i, this::sendCritical);
        }
        for (int i = 0; i < sender.threads(); i++) {
            startThread("sender-" + i, this::sendEveryLane);
        }
        log.info("{} sender thread(s) for every lane and {} for CRITICAL emails only, an SMTP session each, to {}:{}",
                sender.threads(), sender.criticalThreads(), mail.getHost(), mail.getPort());
    }

    private void startThread(String name, java.util.function.Consumer<SmtpSession> loop) {
        Thread thread = new Thread(() -> {
            try (SmtpSession session = new SmtpSession(mail, properties.sender().maxMessagesPerConnection())) {
                loop.accept(session);
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(properties.sender().closeWait().toMillis() + 1_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before Kafka Streams (phase {@code Integer.MAX_VALUE - 1025}) and stops after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
