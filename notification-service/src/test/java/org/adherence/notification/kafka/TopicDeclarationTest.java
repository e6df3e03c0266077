package org.adherence.notification.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.adherence.contracts.Topics;
import org.adherence.notification.NotificationServiceApplication;
import org.adherence.testsupport.KafkaTestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Started first on an empty cluster that creates no topic by itself, the service creates every topic it reads
 * or writes, with the partition count every service expects; a consumer never gets a one-partition topic that
 * a later service would have to grow under it.
 */
class TopicDeclarationTest {

    @Test
    void onAnEmptyClusterCreatesEveryTopicItUsesWithTheConfiguredPartitions() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.startFresh();
             ConfigurableApplicationContext service = new SpringApplicationBuilder(NotificationServiceApplication.class)
                     .run("--spring.kafka.bootstrap-servers=" + broker.servers(), "--server.port=0",
                             "--spring.mail.port=1", "--adherence.kafka.partitions=4");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers()))) {

            List<String> used = List.of(Topics.ALERTS.name(), Topics.PATIENT_PROFILES.name(),
                    Topics.NOTIFICATION_DELIVERIES.name(), Topics.NOTIFICATION_PENDING.name(),
                    Topics.NOTIFICATION_ALERTS.name(), Topics.NOTIFICATION_DEAD_LETTERS.name(),
                    Topics.NOTIFICATION_DIGEST_QUEUE.name(), Topics.ALERT_ACKNOWLEDGEMENTS.name());
            Map<String, TopicDescription> topics = admin.describeTopics(used).allTopicNames().get();

            assertThat(topics.values().stream().collect(Collectors.toMap(TopicDescription::name,
                    topic -> topic.partitions().size())))
                    .isEqualTo(used.stream().collect(Collectors.toMap(name -> name, name -> 4)));
            assertThat(service.isActive()).isTrue();
        }
    }
}
