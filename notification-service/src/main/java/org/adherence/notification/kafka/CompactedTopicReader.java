package org.adherence.notification.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.adherence.contracts.Topic;
import org.adherence.contracts.json.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Reads a compacted topic from its beginning into memory on every start, then keeps following it.
 * <p>
 * All partitions are assigned, none is committed: the topic itself is the state, so no consumer group may
 * hold a position in it. "Caught up" means every partition has been read to the end offset it had when
 * reading began; that is reported once, through {@code onCaughtUp}.
 *
 * @param <V> the value type; a {@code null} value handed to the sink is a tombstone
 */
public final class CompactedTopicReader<V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicReader.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /**
     * The tag spring-kafka's Micrometer listeners give the service's other clients: Prometheus takes one set of tag
     * keys per metric name, so the readers' {@code kafka_consumer_*} series need the same keys, or one side is dropped.
     */
    private static final String SPRING_ID = "spring.id";

    private final Topic<V> topic;
    private final Map<String, Object> consumerConfig;
    private final BiConsumer<String, V> sink;
    private final Runnable onCaughtUp;
    private final Runnable whileTopicMissing;
    private final JsonSerde<V> serde;
    private final MeterRegistry meters;

    /** Callers waiting until what the topic holds now has been read ({@link #awaitCaughtUp}). */
    private final Queue<CompletableFuture<Void>> catchUpRequests = new ConcurrentLinkedQueue<>();

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param kafkaConfig       the client settings (bootstrap servers, security); group settings are removed
     * @param sink              receives each key with its value, or with {@code null} for a tombstone
     * @param onCaughtUp        called once, on the reading thread, when the topic has been read to its end
     * @param whileTopicMissing called while the topic does not exist yet, between two looks
     * @param meters            where the consumer's {@code kafka_consumer_*} metrics go (how far behind it is)
     */
    public CompactedTopicReader(Topic<V> topic, Map<String, Object> kafkaConfig, BiConsumer<String, V> sink,
                                Runnable onCaughtUp, Runnable whileTopicMissing, MeterRegistry meters) {
        this.topic = topic;
        this.consumerConfig = readerConfig(topic, kafkaConfig);
        this.sink = sink;
        this.onCaughtUp = onCaughtUp;
        this.whileTopicMissing = whileTopicMissing;
        this.serde = topic.valueSerde();
        this.meters = meters;
    }

    private static Map<String, Object> readerConfig(Topic<?> topic, Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // an auto-created topic would not be compacted; the topic's owner creates it
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-service-reader-" + topic.name());
        return config;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::readUntilStopped, "reader-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        failWaiting(catchUpRequests);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Completes once every record the topic holds now has been read and applied: what another instance wrote and
     * had acknowledged before this call is then known here.
     */
    public CompletableFuture<Void> caughtUpToNow() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        catchUpRequests.add(request);
        if (!running) {
            failWaiting(catchUpRequests);
        }
        return request;
    }

    /**
     * Started before the alerts consumer and stopped after it: while the consumer may still be given partitions,
     * the state it waits for is still being read.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private static void failWaiting(Collection<CompletableFuture<Void>> waiting) {
        for (CompletableFuture<Void> request : List.copyOf(waiting)) {
            request.completeExceptionally(new IllegalStateException("reader stopped"));
            waiting.remove(request);
        }
    }

    public String topicName() {
        return topic.name();
    }

    private void readUntilStopped() {
        try (KafkaConsumer<String, byte[]> kafka =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
             KafkaClientMetrics metrics = new KafkaClientMetrics(kafka, List.of(Tag.of(SPRING_ID,
                     String.valueOf(consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG)))))) {
            metrics.bindTo(meters);
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = endOffsets(kafka, partitions);
            log.info("Reading {} from the beginning: {} partition(s), {} record(s) at most",
                    topic.name(), partitions.size(), endAtStart.values().stream().mapToLong(Long::longValue).sum());
            follow(kafka, endAtStart);
        }
        catch (WakeupException e) {
            if (running) {
                log.error("Reader of {} woken up while running; it stops", topic.name(), e);
            }
        }
        finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        boolean told = false;
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic.name());
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
                if (!told) {
                    log.warn("Topic {} does not exist yet; waiting for it", topic.name());
                    told = true;
                }
                whileTopicMissing.run();
            }
            catch (WakeupException e) {
                throw e;
            }
            catch (KafkaException e) {
                log.warn("Cannot look up topic {} yet: {}", topic.name(), e.toString());
            }
            pause();
        }
        return List.of();
    }

    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        while (true) {
            if (!running) {
                throw new WakeupException();
            }
            try {
                return kafka.endOffsets(partitions);
            }
            catch (WakeupException e) {
                throw e;
            }
            catch (KafkaException e) {
                log.warn("Cannot read the end offsets of {} yet: {}", topic.name(), e.toString());
                pause();
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endAtStart) {
        boolean caughtUp = false;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        Map<TopicPartition, Long> waitedFor = Map.of();
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL_TIMEOUT)) {
                    apply(record);
                }
                if (!caughtUp && reached(kafka, endAtStart)) {
                    caughtUp = true;
                    log.info("Read {} to the end it had at start", topic.name());
                    onCaughtUp.run();
                }
                if (!catchUpRequests.isEmpty()) {
                    for (CompletableFuture<Void> request; (request = catchUpRequests.poll()) != null; ) {
                        waiting.add(request);
                    }
                    waitedFor = kafka.endOffsets(kafka.assignment());
                }
                if (!waiting.isEmpty() && reached(kafka, waitedFor)) {
                    waiting.forEach(request -> request.complete(null));
                    waiting.clear();
                }
            }
            catch (WakeupException e) {
                failWaiting(waiting);
                throw e;
            }
            catch (KafkaException e) {
                log.warn("Reading {} failed, retrying: {}", topic.name(), e.toString());
                pause();
            }
            catch (RuntimeException e) {
                // the reader must outlive any surprise: the service depends on it following the topic
                log.error("Reading {} failed unexpectedly, retrying", topic.name(), e);
                pause();
            }
        }
        failWaiting(waiting);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Skipping record without key {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        V value;
        try {
            value = serde.deserialize(record.topic(), record.value());
        }
        catch (SerializationException e) {
            log.error("Skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        sink.accept(record.key(), value);
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endAtStart) {
        return endAtStart.entrySet().stream().allMatch(end -> kafka.position(end.getKey()) >= end.getValue());
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
