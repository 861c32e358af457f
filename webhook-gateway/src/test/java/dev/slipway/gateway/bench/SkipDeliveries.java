package dev.slipway.gateway.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves stopped consumer groups to the end of a topic, so the services behind them skip what the
 * gateway benchmark sent while they were stopped instead of working through tens of thousands of
 * copies of one example delivery. Run by {@code ./slipway bench gateway}.
 *
 * <p>Arguments: bootstrap servers, topic, then one or more consumer groups (they must have no
 * running member).
 */
public final class SkipDeliveries {

  private SkipDeliveries() {}

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: SkipDeliveries BOOTSTRAP TOPIC GROUP...");
    }
    String topic = args[1];
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(partition -> new TopicPartition(topic, partition.partition()))
              .toList();
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get();
      Map<TopicPartition, OffsetAndMetadata> offsets =
          ends.entrySet().stream()
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey, end -> new OffsetAndMetadata(end.getValue().offset())));
      for (String group : Arrays.asList(args).subList(2, args.length)) {
        admin.alterConsumerGroupOffsets(group, offsets).all().get();
        System.out.printf(
            "consumer group %s now starts after the benchmark's deliveries on %s%n", group, topic);
      }
    }
  }
}
