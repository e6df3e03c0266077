package org.adherence.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.adherence.contracts.Topics;
import org.adherence.notification.kafka.CompactedTopicReader;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Which patients this instance mails about: those whose alerts partition its consumer owns. Held alerts, reminders
 * and digests are sent only by that owner, so that two instances never both send them.
 * <p>
 * A partition counts as owned only once every state topic has been read to the end it had when the partition
 * was assigned: whatever the previous owner recorded (it records each email before it lets go of a partition)
 * is then known here. All sending happens inside {@link #whileOwned}, and letting go of a partition waits for
 * it, so no email of a partition goes out after its revocation has returned.
 */
@Component
public class PartitionOwnership implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final List<CompactedTopicReader<?>> stateReaders;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    private volatile int partitionCount;

    public PartitionOwnership(List<CompactedTopicReader<?>> stateReaders) {
        this.stateReaders = stateReaders;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitionCount = consumer.partitionsFor(Topics.ALERTS.name()).size();
        List<CompletableFuture<Void>> caughtUp =
                stateReaders.stream().map(CompactedTopicReader::caughtUpToNow).toList();
        try {
            CompletableFuture.allOf(caughtUp.toArray(CompletableFuture[]::new))
                    .get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException e) {
            // a reader has stopped: this instance is shutting down, and mails for no partition any more
            log.info("Not mailing for alerts partitions {}: {}", partitions, e.getCause().getMessage());
            return;
        }
        catch (TimeoutException e) {
            log.warn("State topics not read to their end within {} after partitions {} were assigned; going on",
                    CATCH_UP_TIMEOUT, partitions);
        }
        synchronized (this) {
            partitions.forEach(partition -> owned.add(partition.partition()));
        }
        log.info("Mailing for alerts partitions {} now", partitions);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        letGo(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        letGo(partitions);
    }

    private void letGo(Collection<TopicPartition> partitions) {
        synchronized (this) {
            partitions.forEach(partition -> owned.remove(partition.partition()));
        }
        if (!partitions.isEmpty()) {
            log.info("No longer mailing for alerts partitions {}", partitions);
        }
    }

    /** Runs the work, with no other sending on this instance, if this instance owns the patient's partition. */
    public synchronized boolean whileOwned(String patientId, Runnable work) {
        if (!owns(patientId)) {
            return false;
        }
        work.run();
        return true;
    }

    public boolean owns(String patientId) {
        int count = partitionCount;
        return count > 0 && owned.contains(
                Utils.toPositive(Utils.murmur2(patientId.getBytes(StandardCharsets.UTF_8))) % count);
    }
}
