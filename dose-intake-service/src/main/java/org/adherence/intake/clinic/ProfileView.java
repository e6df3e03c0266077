package org.adherence.intake.clinic;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the Kafka Streams client of the view on a thread of its own, and runs it again when it fails: starting it
 * waits until the global store has read the whole topic, which, with the broker down, would hold the whole service's
 * start for {@code task.timeout.ms} and then fail it; and a client whose global thread died stays dead. Meanwhile the
 * view is not ready (readiness DOWN, a care team's request {@code 503}); a patient app's events need no view.
 */
final class ProfileView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProfileView.class);

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Topology topology;

    private final Map<String, Object> config;

    private volatile boolean running;

    private volatile KafkaStreams streams;

    private volatile CountDownLatch failed = new CountDownLatch(1);

    private Thread runner;

    ProfileView(Topology topology, Map<String, Object> config) {
        this.topology = topology;
        this.config = config;
    }

    @Override
    public synchronized void start() {
        running = true;
        runner = new Thread(this::run, "profile-view");
        runner.setDaemon(true);
        runner.start();
    }

    private void run() {
        while (running) {
            CountDownLatch clientFailed = new CountDownLatch(1);
            failed = clientFailed;
            Properties properties = new Properties();
            properties.putAll(config);
            KafkaStreams client = new KafkaStreams(topology, properties);
            client.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
                    clientFailed.countDown();
                }
                else if (now == KafkaStreams.State.RUNNING) {
                    log.info("The view of which clinic owns which patient has read the profiles and is running");
                }
            });
            streams = client;
            try {
                client.start();
                clientFailed.await();
                log.error("The view of which clinic owns which patient failed; starting it again in {} s",
                        RETRY.toSeconds());
            }
            catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
            catch (RuntimeException startFailed) {
                log.error("The view of which clinic owns which patient could not start (is the broker reachable?): {};"
                        + " trying again in {} s", startFailed.toString(), RETRY.toSeconds());
            }
            finally {
                client.close(Duration.ofSeconds(10));
            }
            pause();
        }
    }

    private void pause() {
        try {
            if (running) {
                TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
            }
        }
        catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaStreams client = streams;
        if (client != null) {
            // also ends a start that is still waiting for the broker
            client.close(Duration.ofSeconds(10));
        }
        if (runner != null) {
            runner.interrupt();
            try {
                runner.join(Duration.ofSeconds(15).toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    KafkaStreams.State state() {
        KafkaStreams client = streams;
        return client == null ? null : client.state();
    }

    ReadOnlyKeyValueStore<String, ProfileOwner> store() {
        KafkaStreams client = streams;
        if (client == null || client.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("the view is " + (client == null ? "not started" : client.state()));
        }
        return client.store(StoreQueryParameters.fromNameAndType(ProfileOwners.STORE,
                QueryableStoreTypes.<String, ProfileOwner>keyValueStore()));
    }
}
