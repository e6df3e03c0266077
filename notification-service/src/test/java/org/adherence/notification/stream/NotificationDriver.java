package org.adherence.notification.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.adherence.contracts.Topics;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.adherence.notification.NotificationProperties;
import org.adherence.notification.deliverylog.DeliveryLogView;
import org.adherence.notification.events.AckRequested;
import org.adherence.notification.events.EmailRefused;
import org.adherence.notification.events.NotificationTopics;
import org.adherence.notification.events.SendResult;
import org.adherence.notification.metrics.NotificationMetrics;
import org.adherence.notification.sending.SendJob;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * notification-service's topology as the binder builds it, without a broker: the four inputs in, the dead letters
 * out, a recording dispatch for the senders, and a wall clock the test moves.
 */
final class NotificationDriver implements AutoCloseable {

    final TopologyTestDriver driver;

    final RecordingDispatch dispatch;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final NotificationProperties properties;

    private final TestInputTopic<String, AlertRaised> alerts;

    private final TestInputTopic<String, byte[]> rawAlerts;

    private final TestInputTopic<String, PatientProfileUpdated> profiles;

    private final TestInputTopic<String, AckRequested> acks;

    private final TestInputTopic<String, byte[]> rawAcks;

    private final TestInputTopic<String, SendResult> results;

    final TestOutputTopic<String, byte[]> deadLetters;

    final TestOutputTopic<String, EmailRefused> refused;

    private Instant now;

    NotificationDriver(NotificationProperties properties, Instant start) {
        this(properties, start, new RecordingDispatch());
    }

    /** With the senders of another driver: a task that starts again in the same instance. */
    NotificationDriver(NotificationProperties properties, Instant start, RecordingDispatch dispatch) {
        this.dispatch = dispatch;
        this.properties = properties;
        this.now = start;
        StreamsBuilder builder = new StreamsBuilder();
        NotificationTopology topology = new NotificationTopology();
        topology.notifyCareTeams(properties, dispatch, new NotificationMetrics(meters))
                .apply(builder.stream(Topics.ALERTS.name(), Consumed.with(Serdes.String(), topology.alertReadSerde())))
                .apply(builder.stream(Topics.PATIENT_PROFILES.name(),
                        Consumed.with(Serdes.String(), Topics.PATIENT_PROFILES.valueSerde())))
                .apply(builder.stream(NotificationTopics.ACK_REQUESTS.name(),
                        Consumed.with(Serdes.String(), NotificationTopics.ACK_REQUESTS.valueSerde())))
                .apply(builder.stream(NotificationTopics.SEND_RESULTS.name(),
                        Consumed.with(Serdes.String(), NotificationTopics.SEND_RESULTS.valueSerde())))
                .to(NotificationTopics.ALERTS_DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, NotificationTopics.APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // a directory of its own: two drivers may run at once (a task that starts again beside the old one's stores)
        config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/notification-driver-"
                + java.util.UUID.randomUUID());
        driver = new TopologyTestDriver(builder.build(), config, start);
        ContractJsonSerializer json = new ContractJsonSerializer();
        alerts = driver.createInputTopic(Topics.ALERTS.name(), new StringSerializer(),
                (topic, alert) -> json.serialize(topic, alert));
        rawAlerts = driver.createInputTopic(Topics.ALERTS.name(), new StringSerializer(), new ByteArraySerializer());
        profiles = driver.createInputTopic(Topics.PATIENT_PROFILES.name(), new StringSerializer(),
                (topic, profile) -> json.serialize(topic, profile));
        acks = driver.createInputTopic(NotificationTopics.ACK_REQUESTS.name(), new StringSerializer(),
                (topic, ack) -> json.serialize(topic, ack));
        rawAcks = driver.createInputTopic(NotificationTopics.ACK_REQUESTS.name(), new StringSerializer(),
                new ByteArraySerializer());
        results = driver.createInputTopic(NotificationTopics.SEND_RESULTS.name(), new StringSerializer(),
                (topic, result) -> json.serialize(topic, result));
        deadLetters = driver.createOutputTopic(NotificationTopics.ALERTS_DEAD_LETTER, new StringDeserializer(),
                Serdes.ByteArray().deserializer());
        refused = driver.createOutputTopic(NotificationTopics.REFUSED_EMAILS.name(), new StringDeserializer(),
                NotificationTopics.REFUSED_EMAILS.valueSerde().deserializer());
    }

    Instant now() {
        return now;
    }

    void profile(PatientProfileUpdated profile) {
        profiles.pipeInput(profile.patientId(), profile, now);
    }

    void alert(AlertRaised alert) {
        alerts.pipeInput(alert.patientId(), alert, now);
    }

    void rawAlert(String patientId, byte[] value) {
        rawAlerts.pipeInput(patientId, value, now);
    }

    void ack(AckRequested ack) {
        acks.pipeInput(ack.patientId(), ack, now);
    }

    /** An acknowledgement request as it is on the topic (an older version's, say). */
    void rawAck(String patientId, byte[] value) {
        rawAcks.pipeInput(patientId, value, now);
    }

    /** The mail server's answer to a job, as a sender records it. */
    void answer(SendJob job, SendResult.Outcome outcome, String reply) {
        results.pipeInput(job.patientId(), new SendResult(SendResult.SCHEMA_VERSION, job.outboxKey(), job.attempt(),
                job.emailKey(), job.kind(), job.patientId(), job.alertIds(), job.recipient().email(),
                job.reminder(), outcome, now, reply, "<id@adherence.local>"), now);
    }

    /** Every job handed out so far accepted by the mail server; returns them. */
    List<SendJob> sendAll() {
        List<SendJob> jobs = dispatch.take();
        jobs.forEach(job -> answer(job, SendResult.Outcome.SENT, null));
        return jobs;
    }

    /** Moves the wall clock, firing the punctuators on the way. */
    void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    DeliveryLogView view(String alertId) {
        KeyValueStore<String, DeliveryLogView> views = driver.getKeyValueStore(DeliveryLogView.STORE);
        return views.get(alertId);
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
    }
}
