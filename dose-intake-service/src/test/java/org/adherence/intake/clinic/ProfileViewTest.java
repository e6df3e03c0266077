package org.adherence.intake.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The view's lifecycle without a broker: a start that waits for it never holds a stop (the service's, a test's). */
class ProfileViewTest {

    @Test
    void aStopWhileTheStartStillWaitsForTheBrokerReturnsWithinItsBound() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("owners"), Serdes.String(),
                        Serdes.String()).withLoggingDisabled(), "profiles",
                Consumed.with(Serdes.String(), Serdes.String()), () -> new Processor<String, String, Void, Void>() {
                    @Override
                    public void process(Record<String, String> record) {
                    }
                });
        ProfileView view = new ProfileView(builder.build(), Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "profile-view-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort(),
                StreamsConfig.STATE_DIR_CONFIG, "target/profile-view-test-" + System.nanoTime()));

        view.start();
        // the client's start is now waiting for the broker (up to task.timeout.ms, 5 minutes)
        Thread.sleep(3000);
        long started = System.nanoTime();
        view.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stopping).isLessThanOrEqualTo(ProfileView.STOP_WAIT.plusSeconds(2));
        assertThat(view.isRunning()).isFalse();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
